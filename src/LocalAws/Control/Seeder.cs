using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LocalAws.Model;

namespace LocalAws.Control;

/// <summary>Builds images, snapshots, instances and volumes directly in the model, bypassing the API (and its call counter).</summary>
internal static partial class Seeder
{
    public static SeedResult Seed(EmulatorState state, SeedRequest request)
    {
        if (!AccountPattern().IsMatch(request.Account)) throw new ArgumentException($"account must be 12 digits, got '{request.Account}'");
        if (!Regions.IsKnown(request.Region)) throw new ArgumentException($"unknown region '{request.Region}'");

        var imageIds = new List<string>();
        var snapshotIds = new List<string>();
        var instanceIds = new List<string>();
        var volumeIds = new List<string>();
        var bulkIds = new List<string>();
        var (keyIds, keyArns) = KeySeeder.Seed(state, request);

        foreach (var seed in request.Images ?? Array.Empty<SeedImage>())
            imageIds.Add(AddImage(state, request, seed, snapshotIds).ImageId);

        if (request.BulkImages is { Count: > 0 } bulk)
        {
            var width = Math.Max(6, bulk.Count.ToString(CultureInfo.InvariantCulture).Length);
            var created = state.Now.AddDays(-30);
            for (var i = 0; i < bulk.Count; i++)
            {
                var name = bulk.NamePrefix + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
                // Spread creation dates so age-based selection has something to choose from.
                var seed = new SeedImage { Name = name, CreationDate = created.AddMinutes(i), BlockDevices = bulk.BlockDevices };
                bulkIds.Add(AddImage(state, request, seed, snapshotIds: null).ImageId);
            }
        }

        foreach (var seed in request.Instances ?? Array.Empty<SeedInstance>())
            instanceIds.Add(AddInstance(state, request, seed, volumeIds).InstanceId);

        foreach (var r in request.RecycleBinImages ?? Array.Empty<SeedRecycleBinImage>())
            state.Scope(request.Account, request.Region).RecycleBin[r.ImageId] = new RecycleBinImage(r.ImageId, r.Name, r.Description, state.Now, state.Now.AddDays(r.RetainDays));

        foreach (var rule in request.RetentionRules ?? Array.Empty<SeedRetentionRule>())
        {
            if (rule.ResourceType is not (RetentionRule.Images or RetentionRule.Snapshots))
                throw new ArgumentException($"retention rule resourceType must be {RetentionRule.Images} or {RetentionRule.Snapshots}, got '{rule.ResourceType}'");
            if (rule.RetainDays <= 0 || rule.RetainDays > 365) throw new ArgumentException($"retainDays must be above 0 and at most 365, got {rule.RetainDays}");
            state.Scope(request.Account, request.Region).RetentionRules.Add(new RetentionRule(rule.ResourceType, TimeSpan.FromDays(rule.RetainDays),
                new Dictionary<string, string>(rule.ResourceTags ?? new Dictionary<string, string>(), StringComparer.Ordinal)));
        }

        var launchTemplateIds = new List<string>();
        foreach (var t in request.LaunchTemplates ?? Array.Empty<SeedLaunchTemplate>())
            launchTemplateIds.Add(Ec2.LaunchTemplatesApi.Add(state, request.Account, request.Region, t.Name, t.ImageId, t.InstanceType, null).LaunchTemplateId);

        return new SeedResult { ImageIds = imageIds, SnapshotIds = snapshotIds, InstanceIds = instanceIds, VolumeIds = volumeIds, BulkImageIds = bulkIds, LaunchTemplateIds = launchTemplateIds, KeyIds = keyIds, KeyArns = keyArns };
    }

    private static Image AddImage(EmulatorState state, SeedRequest request, SeedImage seed, List<string>? snapshotIds)
    {
        var region = request.Region;
        var owner = seed.OwnerId ?? request.Account;
        if (!AccountPattern().IsMatch(owner)) throw new ArgumentException($"ownerId must be 12 digits, got '{owner}'");
        var images = state.Images(region);
        var imageId = seed.ImageId ?? state.Ids.Next("ami");
        if (!ImageIdPattern().IsMatch(imageId)) throw new ArgumentException($"imageId must look like ami-0123456789abcdef0, got '{imageId}'");
        if (images.Find(imageId) is not null) throw new ArgumentException($"image {imageId} already exists in {region}");
        if (images.FindByName(owner, seed.Name) is not null) throw new ArgumentException($"image name '{seed.Name}' already used by {owner} in {region} (names are unique per owner and region)");
        var stateName = seed.State ?? ImageStates.Available;
        if (stateName is not (ImageStates.Pending or ImageStates.Available or ImageStates.Failed or ImageStates.Disabled))
            throw new ArgumentException($"image state must be pending, available, failed or disabled, got '{stateName}'");

        var windows = string.Equals(seed.Platform, "windows", StringComparison.OrdinalIgnoreCase);
        var rootDevice = windows ? "/dev/sda1" : "/dev/xvda";
        var devices = seed.BlockDevices is { Count: > 0 } d ? d : new[] { new SeedBlockDevice { DeviceName = rootDevice, SizeGiB = windows ? 30 : 8 } };
        var created = Truncate(seed.CreationDate ?? state.Now);

        var image = new Image
        {
            ImageId = imageId, Region = region, OwnerId = owner, Name = seed.Name, Description = seed.Description,
            State = stateName, CreationDate = created, Public = seed.Public,
            DeprecationTime = seed.DeprecationTime is { } dt ? Truncate(dt) : null,
            Architecture = seed.Architecture ?? "x86_64",
            Platform = windows ? "windows" : null,
            PlatformDetails = windows ? "Windows" : "Linux/UNIX",
            UsageOperation = windows ? "RunInstances:0002" : "RunInstances",
            RootDeviceName = devices[0].DeviceName ?? rootDevice,
            SourceImageId = seed.SourceImageId, SourceImageRegion = seed.SourceImageRegion,
            LastLaunchedTime = seed.LastLaunchedTime is { } ll ? Truncate(ll) : null,
            DeregistrationProtection = seed.DeregistrationProtection ? "enabled-without-cooldown" : "disabled",
            BootMode = seed.BootMode, ImdsSupport = seed.ImdsSupport,
        };
        if (stateName == ImageStates.Failed)
        {
            image.StateReasonCode = "Server.InternalError";
            image.StateReasonMessage = "Image creation failed (seeded)";
        }
        foreach (var (k, v) in seed.Tags ?? new Dictionary<string, string>()) image.Tags[k] = v;
        foreach (var user in seed.LaunchPermissions ?? Array.Empty<string>()) image.LaunchPermissionUserIds.Add(user);
        foreach (var code in seed.ProductCodes ?? Array.Empty<string>()) image.ProductCodes.Add(new ProductCode(code));
        image.ImageAllowed = seed.ImageAllowed;
        foreach (var severity in seed.FindingSeverities ?? Array.Empty<string>())
        {
            if (severity is not ("informational" or "low" or "medium" or "high" or "critical"))
                throw new ArgumentException($"finding severity must be informational, low, medium, high or critical, got '{severity}'");
            image.Findings.Add(new ImageFinding("Seeded " + severity + " finding", severity, severity == "critical" ? 9.5 : 5.0, FixAvailable: true, created, null));
        }

        var scope = state.Scope(owner, region);
        if (seed.SnapshotIds is { Count: > 0 } existing)
        {
            for (var i = 0; i < existing.Count; i++)
            {
                var shared = state.FindSnapshot(region, existing[i]) ?? throw new ArgumentException($"snapshot {existing[i]} does not exist in {region}");
                image.BlockDevices.Add(new BlockDevice
                {
                    DeviceName = i == 0 ? rootDevice : "/dev/sd" + (char)('a' + i), SnapshotId = shared.SnapshotId,
                    VolumeSize = shared.VolumeSize, Encrypted = shared.Encrypted, KmsKeyId = shared.KmsKeyId,
                });
            }
            images.Add(image);
            return image;
        }
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            var encrypted = device.Encrypted ?? seed.Encrypted;
            var kmsKeyId = KeySeeder.KeyArnFor(state, owner, region, device.KmsKeyId ?? seed.KmsKeyId, encrypted);
            var snapshot = new Snapshot
            {
                SnapshotId = state.Ids.Next("snap"), Region = region, OwnerId = owner,
                VolumeId = state.Ids.Next("vol"), VolumeSize = device.SizeGiB, StartTime = created.AddMinutes(-5),
                Encrypted = encrypted, KmsKeyId = kmsKeyId, FullSnapshotSizeInBytes = device.FullSnapshotSizeInBytes,
            };
            if (device.StorageTier is { } tier)
            {
                if (tier != SnapshotTierState.Archive && tier != SnapshotTierState.Standard) throw new ArgumentException($"storageTier must be standard or archive, got '{tier}'");
                if (tier == SnapshotTierState.Archive)
                {
                    snapshot.Tier.SeedArchived(state.Now);
                    snapshot.FullSnapshotSizeInBytes ??= device.SizeGiB * 1024L * 1024 * 1024;
                }
            }
            // The description CreateImage gives its snapshots; cleaners match on it to find orphans.
            snapshot.Description = $"Created by CreateImage({state.Ids.Next("i")}) for {imageId} from {snapshot.VolumeId}";
            scope.Snapshots.Add(snapshot.SnapshotId, snapshot);
            snapshotIds?.Add(snapshot.SnapshotId);
            image.BlockDevices.Add(new BlockDevice
            {
                DeviceName = device.DeviceName ?? (i == 0 ? rootDevice : "/dev/sd" + (char)('a' + i)),
                SnapshotId = snapshot.SnapshotId, VolumeSize = device.SizeGiB, VolumeType = device.VolumeType,
                DeleteOnTermination = device.DeleteOnTermination, Encrypted = encrypted, KmsKeyId = kmsKeyId,
            });
        }
        images.Add(image);
        return image;
    }

    private static Instance AddInstance(EmulatorState state, SeedRequest request, SeedInstance seed, List<string> volumeIds)
    {
        if (seed.State is not ("pending" or "running" or "stopping" or "stopped" or "shutting-down" or "terminated"))
            throw new ArgumentException($"instance state '{seed.State}' is not an EC2 instance state");
        var scope = state.Scope(request.Account, request.Region);
        var instance = new Instance
        {
            InstanceId = state.Ids.Next("i"), Region = request.Region, OwnerId = request.Account,
            ImageId = seed.ImageId, State = seed.State, InstanceType = seed.InstanceType, LaunchTime = Truncate(state.Now),
            ReservationId = state.Ids.Next("r"), TerminatedAt = seed.State == "terminated" ? state.Now : null,
            ClientToken = Guid.NewGuid().ToString(),
        };
        foreach (var (k, v) in seed.Tags ?? new Dictionary<string, string>()) instance.Tags[k] = v;
        var volumes = seed.Volumes is { Count: > 0 } sv ? sv : new[] { new SeedVolume() };
        instance.RootDeviceName = volumes[0].DeviceName;
        foreach (var v in volumes)
        {
            // Terminated instances have already released their delete-on-termination volumes.
            if (seed.State == "terminated") break;
            var volume = new Volume
            {
                VolumeId = state.Ids.Next("vol"), Region = request.Region, OwnerId = request.Account, Size = v.SizeGiB,
                CreateTime = instance.LaunchTime, DeviceName = v.DeviceName,
            };
            volume.State = "in-use";
            volume.AttachedInstanceId = instance.InstanceId;
            scope.Volumes.Add(volume.VolumeId, volume);
            instance.Attachments.Add((v.DeviceName, volume.VolumeId));
            volumeIds.Add(volume.VolumeId);
        }
        scope.Instances.Add(instance.InstanceId, instance);
        return instance;
    }

    /// <summary>Stable ARN of the account's AWS-managed "alias/aws/ebs" key in a region.</summary>
    internal static string AwsManagedEbsKeyArn(string account, string region) => KmsStore.AwsManagedEbsKeyArn(account, region);

    // EC2 reports times with millisecond precision.
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex ImageIdPattern();
}
