using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// CreateImage from a running or stopped instance: one snapshot per included volume (described as AWS
/// describes them), the image pending for the region's pendingSeconds, then available (or failed, when a
/// failNextImages fault is armed for the region).
/// </summary>
internal static partial class CreateImageApi
{
    public const string NameRulesMessage =
        "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'";

    public static AwsResponse CreateImage(AwsCall call)
    {
        var p = call.Params;
        var instanceId = p.Required("InstanceId");
        var name = p.Required("Name");
        CheckName(name);
        var description = p.Get("Description");
        if (description is { Length: > 255 })
            throw new AwsException("InvalidParameterValue", "Value for parameter description is invalid. Length exceeds maximum of 255 characters.");
        var mappings = BlockDeviceMappingParam.Parse(p);
        var tags = Ec2Common.TagSpecifications(p, "image", "snapshot");
        p.Bool("NoReboot"); // validated; a local "reboot" has no visible effect

        var instance = Ec2Common.OwnInstance(call, instanceId);
        if (instance.State is not ("running" or "stopped"))
            throw new AwsException("IncorrectInstanceState", $"The instance '{instance.InstanceId}' is not in a state from which it can be imaged.");
        var images = call.State.Images(call.Region);
        if (images.FindByName(call.Account, name) is { } existing)
            throw new AwsException("InvalidAMIName.Duplicate", $"AMI name {name} is already in use by AMI {existing.ImageId}");

        var now = call.State.Now;
        var scope = call.State.Scope(call.Account, call.Region);
        var source = instance.ImageId is null ? null : images.Find(instance.ImageId);
        var imageId = call.State.Ids.Next("ami");
        var pendingSeconds = call.State.PendingSecondsFor(call.Region);
        var availableAt = now.AddSeconds(pendingSeconds);

        var image = new Image
        {
            ImageId = imageId, Region = call.Region, OwnerId = call.Account, Name = name, Description = description,
            State = ImageStates.Pending, AvailableAt = availableAt, CreationDate = Millis(now),
            Architecture = instance.Architecture, Platform = instance.Platform,
            PlatformDetails = source?.PlatformDetails ?? (instance.Platform == "windows" ? "Windows" : "Linux/UNIX"),
            UsageOperation = source?.UsageOperation ?? (instance.Platform == "windows" ? "RunInstances:0002" : "RunInstances"),
            RootDeviceName = instance.RootDeviceName, BootMode = source?.BootMode, ImdsSupport = source?.ImdsSupport,
            SourceInstanceId = instance.InstanceId, CapturedFromImageId = source?.ImageId,
            FailWhenDue = call.State.Faults.TakeImageFailure(call.Region, call.Account),
        };
        // A capture keeps its source's Marketplace product codes (and with them the software charges).
        if (source is not null) image.ProductCodes.AddRange(source.ProductCodes);
        Ec2Common.ApplyTags(image.Tags, tags, "image");

        var snapshots = new List<Snapshot>();
        foreach (var (deviceName, volumeId) in instance.Attachments)
        {
            if (!scope.Volumes.TryGetValue(volumeId, out var volume)) continue;
            var m = mappings.FirstOrDefault(x => x.DeviceName == deviceName);
            if (m is { NoDevice: true })
            {
                if (deviceName == instance.RootDeviceName)
                    throw new AwsException("InvalidBlockDeviceMapping", $"The device '{deviceName}' is the root device of the instance and cannot be excluded from the image.");
                continue;
            }
            var size = m?.VolumeSize ?? volume.Size;
            if (size < volume.Size)
                throw new AwsException("InvalidBlockDeviceMapping", $"Volume of size {size}GB is smaller than the size of volume '{volumeId}' ({volume.Size}GB).");
            var snapshot = new Snapshot
            {
                SnapshotId = call.State.Ids.Next("snap"), Region = call.Region, OwnerId = call.Account, VolumeId = volumeId,
                VolumeSize = volume.Size, StartTime = Millis(now), Encrypted = volume.Encrypted, KmsKeyId = volume.KmsKeyId,
                Description = $"Created by CreateImage({instance.InstanceId}) for {imageId} from {volumeId}",
                State = pendingSeconds > 0 ? "pending" : "completed", CompletesAt = pendingSeconds > 0 ? availableAt : null,
            };
            Ec2Common.ApplyTags(snapshot.Tags, tags, "snapshot");
            snapshots.Add(snapshot);
            image.BlockDevices.Add(new BlockDevice
            {
                DeviceName = deviceName, SnapshotId = snapshot.SnapshotId, VolumeSize = size,
                VolumeType = m?.VolumeType ?? volume.VolumeType, DeleteOnTermination = m?.DeleteOnTermination ?? volume.DeleteOnTermination,
                Encrypted = volume.Encrypted, KmsKeyId = volume.KmsKeyId, Iops = m?.Iops, Throughput = m?.Throughput,
            });
        }
        foreach (var m in mappings)
        {
            // A mapping for a device the instance does not have adds an empty (or snapshot-based) volume to the image.
            if (m.NoDevice || !m.HasEbs || instance.Attachments.Any(a => a.DeviceName == m.DeviceName)) continue;
            if (m.VolumeSize is null && m.SnapshotId is null)
                throw new AwsException("InvalidBlockDeviceMapping", $"The block device mapping for '{m.DeviceName}' must specify a volume size or a snapshot.");
            image.BlockDevices.Add(new BlockDevice
            {
                DeviceName = m.DeviceName, SnapshotId = m.SnapshotId, VolumeSize = m.VolumeSize ?? 8, VolumeType = m.VolumeType ?? "gp3",
                DeleteOnTermination = m.DeleteOnTermination ?? true, Encrypted = m.Encrypted == true, KmsKeyId = m.KmsKeyId,
                Iops = m.Iops, Throughput = m.Throughput,
            });
        }

        foreach (var snapshot in snapshots) scope.Snapshots.Add(snapshot.SnapshotId, snapshot);
        images.Add(image);
        image.Settle(now); // pendingSeconds 0: available (or failed) at once

        var xml = Ec2Api.Begin(call).Elem("imageId", imageId);
        return Ec2Api.End(xml);
    }

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name)) throw new AwsException("InvalidAMIName.Malformed", NameRulesMessage);
    }

    private static DateTimeOffset Millis(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    [GeneratedRegex(@"^[a-zA-Z0-9()\[\] ./\-'@_]{3,128}$")]
    private static partial Regex NamePattern();
}
