using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// RunInstances, StartInstances, StopInstances, TerminateInstances. Responses report the transitional
/// state (pending, stopping, shutting-down) as AWS does; the stored state is already the settled one, so
/// the next DescribeInstances (or CreateImage) sees running / stopped / terminated.
/// </summary>
internal static partial class InstancesApi
{
    private static readonly string[] RunTagTypes = ["instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu"];

    public static AwsResponse RunInstances(AwsCall call)
    {
        var p = call.Params;
        var (imageId, templateType) = LaunchTemplatesApi.ResolveForRun(call);
        imageId ??= p.Get("ImageId") is { Length: > 0 } id ? id : throw new AwsException("MissingParameter", "The request must contain the parameter ImageId");
        var instanceType = p.Get("InstanceType") ?? templateType ?? "m1.small";
        if (!InstanceTypePattern().IsMatch(instanceType))
            throw new AwsException("InvalidParameterValue", $"Invalid value '{instanceType}' for InstanceType.");
        var min = p.Int("MinCount") ?? throw new AwsException("MissingParameter", "The request must contain the parameter MinCount");
        var max = p.Int("MaxCount") ?? throw new AwsException("MissingParameter", "The request must contain the parameter MaxCount");
        if (min < 1) throw new AwsException("InvalidParameterValue", $"Value ({min}) for parameter minCount is invalid. Expected a positive integer.");
        if (max < min) throw new AwsException("InvalidParameterValue", $"Value ({max}) for parameter maxCount is invalid. maxCount must be greater than or equal to minCount ({min}).");
        if (max > 1000) throw new AwsException("InstanceLimitExceeded", $"You have requested more instances ({max}) than your current instance limit of 1000 allows for the specified instance type.");
        var mappings = BlockDeviceMappingParam.Parse(p);
        var tags = Ec2Common.TagSpecifications(p, RunTagTypes);
        var ebsOptimized = p.Bool("EbsOptimized");
        var settings = LaunchSettings.Parse(p);
        var clientToken = p.Get("ClientToken");
        if (clientToken is { Length: > 64 })
            throw new AwsException("InvalidParameterValue", "Value for parameter clientToken is invalid. Length exceeds maximum of 64 characters.");

        var scope = call.State.Scope(call.Account, call.Region);
        // ClientToken (AWS: "Ensuring idempotency"): the same token with the same parameters answers the same
        // reservation again, in its current state, and launches nothing; other parameters -> IdempotentParameterMismatch.
        var fingerprint = p.Fingerprint("Action", "Version", "ClientToken");
        if (clientToken is not null && call.State.ClientTokens.Find(call.Account, call.Region, call.Action, clientToken) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
                throw new AwsException("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
            var replayed = scope.Instances.Values.Where(i => i.ReservationId == earlier.ResourceId).OrderBy(i => i.LaunchIndex).ToList();
            var replay = Ec2Api.Begin(call).Elem("reservationId", earlier.ResourceId).Elem("ownerId", call.Account).Open("groupSet").Close();
            DescribeInstancesApi.WriteInstances(replay, call, replayed);
            return Ec2Api.End(replay);
        }

        var image = Ec2Common.VisibleImage(call, imageId);
        // Allowed AMIs enabled: an image outside the criteria is not discoverable, so it cannot be launched
        // (audit mode only reports). The error code is a guess: AWS documents the effect, not the code.
        if (AllowedImagesSettingsApi.Of(call).Blocks(image, call.Account, call.State.Now))
            throw new AwsException("InvalidAMIID.NotFound", $"The image id '[{image.ImageId}]' is not allowed by the Allowed AMIs settings of this account in {call.Region}.");
        if (image.State != ImageStates.Available)
            throw new AwsException("InvalidAMIID.Unavailable", $"AMI '{image.ImageId}' is {image.State}, and cannot be run");
        SnapshotTierApi.CheckLaunchable(call, image);
        var devices = PlanVolumes(image, mappings);
        var metadata = MetadataOptions(p, image);

        var now = call.State.Now;
        var reservationId = call.State.Ids.Next("r");
        // AWS uses a random token when the caller gives none; it is reported, but nothing can replay it.
        var token = clientToken ?? Guid.NewGuid().ToString();
        if (clientToken is not null) call.State.ClientTokens.Remember(call.Account, call.Region, call.Action, clientToken, fingerprint, reservationId);
        var launched = new List<Instance>();
        for (var n = 0; n < max; n++)
        {
            var instance = new Instance
            {
                InstanceId = call.State.Ids.Next("i"), Region = call.Region, OwnerId = call.Account, ImageId = image.ImageId,
                State = "running", InstanceType = instanceType, RootDeviceName = image.RootDeviceName, LaunchTime = Truncate(now),
                ReservationId = reservationId, LaunchIndex = n, Architecture = image.Architecture, Platform = image.Platform,
                ClientToken = token, EbsOptimized = ebsOptimized, MetadataOptions = metadata,
            };
            Ec2Common.ApplyTags(instance.Tags, tags, "instance");
            settings.ApplyTo(instance, call.State, now);
            foreach (var d in devices)
            {
                var volume = new Volume
                {
                    VolumeId = call.State.Ids.Next("vol"), Region = call.Region, OwnerId = call.Account, Size = d.Size,
                    SnapshotId = d.SnapshotId, VolumeType = d.VolumeType, State = "in-use", AttachedInstanceId = instance.InstanceId,
                    DeviceName = d.DeviceName, DeleteOnTermination = d.DeleteOnTermination, Encrypted = d.Encrypted,
                    KmsKeyId = d.KmsKeyId, CreateTime = instance.LaunchTime,
                };
                Ec2Common.ApplyTags(volume.Tags, tags, "volume");
                scope.Volumes.Add(volume.VolumeId, volume);
                instance.Attachments.Add((d.DeviceName, volume.VolumeId));
            }
            scope.Instances.Add(instance.InstanceId, instance);
            launched.Add(instance);
        }
        image.LastLaunchedTime = Truncate(now);

        var xml = Ec2Api.Begin(call).Elem("reservationId", reservationId).Elem("ownerId", call.Account).Open("groupSet").Close();
        DescribeInstancesApi.WriteInstances(xml, call, launched, _ => "pending");
        return Ec2Api.End(xml);
    }

    /// <summary>
    /// MetadataOptions.* with AWS's defaults: IMDSv2 required when the image declares imdsSupport v2.0 (account
    /// default "no-preference"), else optional; hop limit 2 for such images, else 1 (a guess from what AL2023
    /// instances report); endpoint enabled, IPv6 endpoint and tags in metadata disabled.
    /// </summary>
    private static InstanceMetadataOptions MetadataOptions(QueryRequest p, Image image)
    {
        var v2 = image.ImdsSupport == "v2.0";
        var hopLimit = p.Int("MetadataOptions.HttpPutResponseHopLimit") ?? (v2 ? 2 : 1);
        if (hopLimit is < 1 or > 64)
            throw new AwsException("InvalidParameterValue", $"The HttpPutResponseHopLimit value {hopLimit} is not valid. Specify a value between 1 and 64.");
        return new InstanceMetadataOptions
        {
            HttpTokens = OneOf(p, "MetadataOptions.HttpTokens", v2 ? "required" : "optional", "optional", "required"),
            HttpPutResponseHopLimit = hopLimit,
            HttpEndpoint = OneOf(p, "MetadataOptions.HttpEndpoint", "enabled", "enabled", "disabled"),
            HttpProtocolIpv6 = OneOf(p, "MetadataOptions.HttpProtocolIpv6", "disabled", "enabled", "disabled"),
            InstanceMetadataTags = OneOf(p, "MetadataOptions.InstanceMetadataTags", "disabled", "enabled", "disabled"),
        };
    }

    private static string OneOf(QueryRequest p, string name, string defaultValue, params string[] allowed)
    {
        var value = p.Get(name);
        if (value is null) return defaultValue;
        if (Array.IndexOf(allowed, value) >= 0) return value;
        throw new AwsException("InvalidParameterValue", $"Value ({value}) for parameter {name} is invalid. Expected: {string.Join(", ", allowed.Select(a => "'" + a + "'"))}.");
    }

    private sealed record PlannedVolume(string DeviceName, string? SnapshotId, int Size, string VolumeType, bool DeleteOnTermination, bool Encrypted, string? KmsKeyId);

    /// <summary>The image's block devices with the request's overrides; NoDevice drops one, new devices add empty volumes.</summary>
    private static List<PlannedVolume> PlanVolumes(Image image, List<BlockDeviceMappingParam> mappings)
    {
        var planned = new List<PlannedVolume>();
        foreach (var device in image.BlockDevices)
        {
            var m = mappings.FirstOrDefault(x => x.DeviceName == device.DeviceName);
            if (m is { NoDevice: true })
            {
                if (device.DeviceName == image.RootDeviceName)
                    throw new AwsException("InvalidBlockDeviceMapping", $"The device '{device.DeviceName}' is the root device and cannot be suppressed with NoDevice.");
                continue;
            }
            var size = m?.VolumeSize ?? device.VolumeSize;
            if (size < device.VolumeSize)
                throw new AwsException("InvalidBlockDeviceMapping", $"Volume of size {size}GB is smaller than snapshot '{device.SnapshotId}', expect size >= {device.VolumeSize}GB");
            var encrypted = device.Encrypted || m?.Encrypted == true;
            planned.Add(new PlannedVolume(device.DeviceName, device.SnapshotId, size, m?.VolumeType ?? device.VolumeType,
                m?.DeleteOnTermination ?? device.DeleteOnTermination, encrypted, m?.KmsKeyId ?? device.KmsKeyId));
        }
        foreach (var m in mappings)
        {
            if (m.NoDevice || !m.HasEbs || image.BlockDevices.Any(d => d.DeviceName == m.DeviceName)) continue;
            if (m.VolumeSize is null && m.SnapshotId is null)
                throw new AwsException("InvalidBlockDeviceMapping", $"The block device mapping for '{m.DeviceName}' must specify a volume size or a snapshot.");
            planned.Add(new PlannedVolume(m.DeviceName, m.SnapshotId, m.VolumeSize ?? 8, m.VolumeType ?? "gp3", m.DeleteOnTermination ?? true,
                m.Encrypted == true, m.KmsKeyId));
        }
        return planned;
    }

    public static AwsResponse StopInstances(AwsCall call) => Transition(call,
        instance => instance.State is "terminated" or "shutting-down"
            ? new AwsException("IncorrectInstanceState", $"This instance '{instance.InstanceId}' is not in a state from which it can be stopped.")
            : null,
        (instance, _) =>
        {
            if (instance.State == "stopped") return "stopped";
            instance.State = "stopped";
            instance.StateTransitionReason = "User initiated (" + call.State.Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " GMT)";
            return "stopping";
        });

    public static AwsResponse StartInstances(AwsCall call) => Transition(call,
        instance => instance.State is "terminated" or "shutting-down" or "stopping"
            ? new AwsException("IncorrectInstanceState", $"The instance '{instance.InstanceId}' is not in a state from which it can be started.")
            : null,
        (instance, _) =>
        {
            if (instance.State is "running" or "pending") return instance.State;
            instance.State = "running";
            instance.StateTransitionReason = null;
            return "pending";
        });

    public static AwsResponse TerminateInstances(AwsCall call) => Transition(call, _ => null, (instance, scope) =>
    {
        if (instance.State == "terminated") return "terminated";
        Terminate(instance, scope, call.State.Now, "User initiated");
        return "shutting-down";
    });

    /// <summary>Terminated by a call or by the instance itself (shutdown with terminate behaviour): its volumes follow DeleteOnTermination.</summary>
    public static void Terminate(Instance instance, AccountRegion scope, DateTimeOffset now, string reason)
    {
        instance.State = "terminated";
        instance.TerminatedAt = now;
        instance.StateTransitionReason = reason;
        foreach (var (_, volumeId) in instance.Attachments)
        {
            if (!scope.Volumes.TryGetValue(volumeId, out var volume)) continue;
            // Delete-on-termination volumes go with the instance; the others are detached and stay.
            if (volume.DeleteOnTermination) scope.Volumes.Remove(volumeId);
            else
            {
                volume.State = "available";
                volume.AttachedInstanceId = null;
            }
        }
        instance.Attachments.Clear();
    }

    /// <summary>Validates every id first (all or nothing), then applies the change and reports previous/current state.</summary>
    private static AwsResponse Transition(AwsCall call, Func<Instance, AwsException?> check, Func<Instance, AccountRegion, string> change)
    {
        var ids = call.Params.List("InstanceId");
        if (ids.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter InstanceId");
        foreach (var id in ids) Ec2Common.CheckInstanceId(id);
        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        var missing = ids.Where(id => !scope.Instances.TryGetValue(id, out var i) || Ec2Common.IsGone(i, now)).Distinct().ToList();
        if (missing.Count > 0) throw Ec2Common.InstancesNotFound(missing);

        var instances = ids.Distinct(StringComparer.Ordinal).Select(id => scope.Instances[id]).ToList();
        foreach (var instance in instances)
        {
            if (check(instance) is { } error) throw error;
        }
        var xml = Ec2Api.Begin(call).Open("instancesSet");
        foreach (var instance in instances)
        {
            var previous = instance.State;
            var current = change(instance, scope);
            xml.Open("item").Elem("instanceId", instance.InstanceId);
            DescribeInstancesApi.WriteState(xml, "currentState", current);
            DescribeInstancesApi.WriteState(xml, "previousState", previous);
            xml.Close();
        }
        xml.Close();
        return Ec2Api.End(xml);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+$")]
    private static partial Regex InstanceTypePattern();
}
