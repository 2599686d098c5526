using System.Globalization;
using LocalAws.Kms;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// CopyImage, called in the destination region. What AWS checks synchronously fails the call (names,
/// source visibility and state, snapshot access for another account's AMI, ClientToken reuse); what AWS
/// checks asynchronously (KMS keys of source and destination, injected failNextCopies faults) lets the
/// call succeed and turns the new image "failed" with a StateReason when its pending time is over.
/// </summary>
internal static class CopyImageApi
{
    /// <summary>AWS's documented limit of copies in progress per destination region (older docs; a guide).</summary>
    public const int MaxConcurrentCopies = 50;

    private static readonly string[] SourceKeyOperations = ["DescribeKey", "Decrypt", "CreateGrant"];
    private static readonly string[] DestinationKeyOperations = ["DescribeKey", "GenerateDataKeyWithoutPlaintext", "CreateGrant"];

    public static AwsResponse CopyImage(AwsCall call)
    {
        var p = call.Params;
        var sourceRegion = p.Required("SourceRegion");
        var sourceImageId = p.Required("SourceImageId");
        var name = p.Required("Name");
        CreateImageApi.CheckName(name);
        var description = p.Get("Description");
        if (description is { Length: > 255 })
            throw new AwsException("InvalidParameterValue", "Value for parameter description is invalid. Length exceeds maximum of 255 characters.");
        if (!Regions.IsKnown(sourceRegion))
            throw new AwsException("InvalidParameterValue", $"Invalid value '{sourceRegion}' for SourceRegion. The region does not exist or is not enabled.");
        Ec2Common.CheckImageId(sourceImageId);
        var encrypted = p.Bool("Encrypted");
        var kmsKeyId = p.Get("KmsKeyId");
        if (kmsKeyId is not null && !encrypted)
            throw new AwsException("InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        var copyTags = p.Bool("CopyImageTags");
        var tagSpecs = Ec2Common.TagSpecifications(p, "image", "snapshot");
        if (p.Get("DestinationOutpostArn") is { } outpost)
            throw new AwsException("InvalidParameterValue", $"Outpost {outpost} does not exist (LocalAws emulates no Outposts).");
        var clientToken = p.Get("ClientToken");
        if (clientToken is { Length: > 64 })
            throw new AwsException("InvalidParameterValue", "Value for parameter clientToken is invalid. Length exceeds maximum of 64 characters.");
        var completionMinutes = p.Int("SnapshotCopyCompletionDurationMinutes");
        // The documented range: 15 to 2,880 minutes in 15-minute steps (the exact error text is a guess).
        if (completionMinutes is { } minutes && (minutes < 15 || minutes > 2880 || minutes % 15 != 0))
            throw new AwsException("InvalidParameterValue", $"Value ({minutes}) for parameter SnapshotCopyCompletionDurationMinutes is invalid. It must be between 15 and 2880, in 15 minute increments.");
        if (p.Bool("DryRun"))
            throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);

        var state = call.State;
        var fingerprint = Fingerprint(sourceRegion, sourceImageId, name, description, encrypted, kmsKeyId, copyTags, tagSpecs) + "\n" + completionMinutes;
        if (clientToken is not null && state.ClientTokens.Find(call.Account, call.Region, call.Action, clientToken) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
                throw new AwsException("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
            return Reply(call, earlier.ResourceId);
        }

        var now = state.Now;
        var source = SourceImage(call, sourceRegion, sourceImageId);
        var foreign = source.OwnerId != call.Account;
        if (foreign) CheckStorageAccess(call, source);
        var images = state.Images(call.Region);
        if (images.FindByName(call.Account, name) is { } existing)
            throw new AwsException("InvalidAMIName.Duplicate", $"AMI name {name} is already in use by AMI {existing.ImageId}");
        if (CopiesInProgress(images, call.Account, now) >= MaxConcurrentCopies)
            throw new AwsException("ResourceLimitExceeded", $"You have reached the maximum number of concurrent AMI copies ({MaxConcurrentCopies}) into {call.Region}.");

        var imageId = state.Ids.Next("ami");
        var pendingSeconds = state.PendingSecondsFor(call.Region);
        var availableAt = now.AddSeconds(pendingSeconds);
        var image = new Image
        {
            ImageId = imageId, Region = call.Region, OwnerId = call.Account, Name = name, Description = description,
            State = ImageStates.Pending, AvailableAt = availableAt, CreationDate = Millis(now),
            Architecture = source.Architecture, Platform = source.Platform, PlatformDetails = source.PlatformDetails,
            UsageOperation = source.UsageOperation, ImageType = source.ImageType, RootDeviceType = source.RootDeviceType,
            RootDeviceName = source.RootDeviceName, VirtualizationType = source.VirtualizationType, Hypervisor = source.Hypervisor,
            EnaSupport = source.EnaSupport, SriovNetSupport = source.SriovNetSupport, BootMode = source.BootMode,
            ImdsSupport = source.ImdsSupport, SourceImageId = source.ImageId, SourceImageRegion = sourceRegion,
        };
        // Tags of a shared or public AMI belong to its owner and are not copied (AWS: "user-defined tags attached by other accounts").
        if (copyTags && !foreign)
        {
            foreach (var (k, v) in source.Tags)
            {
                if (!k.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) image.Tags[k] = v;
            }
        }
        image.ProductCodes.AddRange(source.ProductCodes);
        Ec2Common.ApplyTags(image.Tags, tagSpecs, "image");

        var failure = KmsFailure(call, source, sourceRegion, encrypted, kmsKeyId, out var keyFor);
        if (failure is null && state.Faults.TakeCopyFailure(call.Region, call.Account))
            failure = ("Server.InternalError", "Copy image failed with an internal error.");
        if (failure is { } f)
        {
            image.FailWhenDue = true;
            image.FailureCode = f.Code;
            image.FailureMessage = f.Message;
        }

        var scope = state.Scope(call.Account, call.Region);
        foreach (var device in source.BlockDevices)
        {
            var keyArn = device.SnapshotId is null ? null : keyFor(device);
            string? snapshotId = null;
            // A copy that is going to fail leaves no snapshots behind, only the failed image.
            if (device.SnapshotId is not null && failure is null)
            {
                var snapshot = new Snapshot
                {
                    SnapshotId = state.Ids.Next("snap"), Region = call.Region, OwnerId = call.Account, VolumeSize = device.VolumeSize,
                    StartTime = Millis(now), Encrypted = keyArn is not null, KmsKeyId = keyArn,
                    Description = $"Copied for DestinationAmi {imageId} from SourceAmi {source.ImageId} for SourceSnapshot {device.SnapshotId}. " +
                        $"Task created on {now.ToUnixTimeMilliseconds().ToString("N0", CultureInfo.InvariantCulture)}.",
                    State = pendingSeconds > 0 ? "pending" : "completed", CompletesAt = pendingSeconds > 0 ? availableAt : null,
                    CompletionDurationMinutes = completionMinutes,
                };
                Ec2Common.ApplyTags(snapshot.Tags, tagSpecs, "snapshot");
                scope.Snapshots.Add(snapshot.SnapshotId, snapshot);
                snapshotId = snapshot.SnapshotId;
            }
            image.BlockDevices.Add(new BlockDevice
            {
                DeviceName = device.DeviceName, SnapshotId = snapshotId, VolumeSize = device.VolumeSize, VolumeType = device.VolumeType,
                DeleteOnTermination = device.DeleteOnTermination, Iops = device.Iops, Throughput = device.Throughput,
                Encrypted = keyArn is not null, KmsKeyId = keyArn,
            });
        }

        images.Add(image);
        image.Settle(now);
        if (clientToken is not null) state.ClientTokens.Remember(call.Account, call.Region, call.Action, clientToken, fingerprint, imageId);
        return Reply(call, imageId);
    }

    private static AwsResponse Reply(AwsCall call, string imageId) => Ec2Api.End(Ec2Api.Begin(call).Elem("imageId", imageId));

    /// <summary>The source as the caller sees it in the source region: own, public or shared, and available.</summary>
    private static Image SourceImage(AwsCall call, string sourceRegion, string imageId)
    {
        var image = call.State.Images(sourceRegion).Find(imageId);
        image?.Settle(call.State.Now);
        if (image is null || image.State == ImageStates.Deregistered || !image.IsVisibleTo(call.Account))
            throw new AwsException("InvalidAMIID.NotFound", $"The image id '[{imageId}]' does not exist");
        if (image.State != ImageStates.Available)
            throw new AwsException("IncorrectState", $"Image {imageId} is in state {image.State}; only available images can be copied.");
        return image;
    }

    // Copying another account's AMI reads its snapshots: each needs createVolumePermission for the caller
    // (or to be public). Amazon's own public AMIs are copyable, as on AWS.
    private static void CheckStorageAccess(AwsCall call, Image source)
    {
        foreach (var device in source.BlockDevices)
        {
            if (device.SnapshotId is null) continue;
            var snapshot = call.State.FindSnapshot(source.Region, device.SnapshotId);
            var readable = snapshot is not null && (snapshot.OwnerId == call.Account || snapshot.Public || snapshot.OwnerAlias == "amazon"
                || snapshot.CreateVolumePermissionUserIds.Contains(call.Account));
            if (!readable) throw new AwsException("InvalidRequest", "You do not have permission to access the storage of this ami.");
        }
    }

    /// <summary>
    /// Decides each copied snapshot's key and whether EBS can use the keys involved: the requested key (or the
    /// destination's alias/aws/ebs) for encrypted copies; the source key for an encrypted source, kept in the
    /// same account and region, else replaced by the destination default. Returns the failure to report, if any.
    /// </summary>
    private static (string Code, string Message)? KmsFailure(AwsCall call, Image source, string sourceRegion, bool encrypted, string? kmsKeyId,
        out Func<BlockDevice, string?> keyFor)
    {
        var state = call.State;
        string? failure = null;
        string DefaultKey() => state.Kms.EnsureAwsManagedKey(call.Account, call.Region, "alias/aws/ebs", state.Now).Arn;

        foreach (var device in source.BlockDevices.Where(d => d.Encrypted && d.SnapshotId is not null))
        {
            var sourceKey = device.KmsKeyId ?? KmsStore.AwsManagedEbsKeyArn(source.OwnerId, sourceRegion);
            var use = KmsAccess.CheckEbsUse(state, call.Principal, sourceRegion, sourceKey, SourceKeyOperations);
            failure ??= use.FailureDetail;
        }

        string? requested = null;
        if (encrypted)
        {
            if (kmsKeyId is null) requested = DefaultKey();
            else
            {
                var use = KmsAccess.CheckEbsUse(state, call.Principal, call.Region, kmsKeyId, DestinationKeyOperations);
                failure ??= use.FailureDetail;
                requested = use.Key?.Arn ?? kmsKeyId;
            }
        }
        var sameScope = sourceRegion == call.Region && source.OwnerId == call.Account;
        keyFor = device =>
        {
            if (encrypted) return requested;
            if (!device.Encrypted) return null;
            return sameScope && device.KmsKeyId is not null ? device.KmsKeyId : DefaultKey();
        };
        return failure is null ? null : (EbsKeyUse.FailureCode, EbsKeyUse.FailureMessage);
    }

    private static int CopiesInProgress(RegionImages images, string account, DateTimeOffset now)
    {
        var count = 0;
        foreach (var image in images.All)
        {
            if (image.OwnerId != account || image.SourceImageRegion is null || image.State != ImageStates.Pending) continue;
            image.Settle(now);
            if (image.State == ImageStates.Pending) count++;
        }
        return count;
    }

    private static string Fingerprint(string sourceRegion, string sourceImageId, string name, string? description, bool encrypted,
        string? kmsKeyId, bool copyTags, Dictionary<string, Dictionary<string, string>> tagSpecs)
    {
        var tags = string.Join(";", tagSpecs.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
            t.Key + "=" + string.Join(",", t.Value.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + ":" + kv.Value))));
        return string.Join("\n", sourceRegion, sourceImageId, name, description ?? "\0", encrypted, kmsKeyId ?? "\0", copyTags, tags);
    }

    private static DateTimeOffset Millis(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
