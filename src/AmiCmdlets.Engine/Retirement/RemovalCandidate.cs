using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// One image that passed every check and waits for ShouldProcess: a registered image, or what a stopped
/// earlier run left of an image it had already deregistered (its snapshots, its KMS grants).
/// </summary>
public sealed class RemovalCandidate : IPlannedChange
{
    internal RemovalCandidate(OwnedImage image, IReadOnlyList<string> inUseBy, RegionRemoval region)
    {
        Connection = image.Connection;
        ImageId = image.ImageId;
        Name = image.Ami.Name;
        InUseBy = inUseBy;
        RegionState = region;
        var sizes = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var device in image.Ami.BlockDevices)
            if (!string.IsNullOrEmpty(device.SnapshotId) && !sizes.ContainsKey(device.SnapshotId!)) sizes[device.SnapshotId!] = device.SizeGiB;
        SnapshotSizes = sizes;
        SnapshotIds = image.Ami.SnapshotIds;
        KmsKeyArns = image.Ami.Encrypted ? image.Ami.KmsKeyIds : new string[0];
    }

    /// <summary>An image already deregistered, by the snapshots it left (the orphan rule: no AMI uses them).</summary>
    internal RemovalCandidate(ResolvedConnection connection, string imageId, IReadOnlyList<Snapshot> leftovers, RegionRemoval region)
    {
        Connection = connection;
        ImageId = imageId;
        Name = "";
        InUseBy = new string[0];
        RegionState = region;
        AlreadyDeregistered = true;
        var ordered = leftovers.OrderBy(s => s.SnapshotId, StringComparer.Ordinal).ToList();
        SnapshotIds = ordered.Select(s => s.SnapshotId).ToList();
        SnapshotSizes = ordered.ToDictionary(s => s.SnapshotId, s => s.VolumeSize, StringComparer.Ordinal);
        // The image's keys are its snapshots' keys: what its KMS grants were made on.
        KmsKeyArns = ordered.Where(s => s.Encrypted == true && !string.IsNullOrEmpty(s.KmsKeyId)).Select(s => s.KmsKeyId).Distinct(StringComparer.Ordinal).ToList();
    }

    public ResolvedConnection Connection { get; }
    public string ImageId { get; }
    public string Name { get; }
    public string Region => Connection.Region;
    public IReadOnlyList<string> SnapshotIds { get; }

    /// <summary>What ShouldProcess names: the image and where it is.</summary>
    public string Target => ConfirmationTarget.For(ImageId, Name, Connection);

    /// <summary>Asked for at question time: the answers so far decide which shared snapshots it names.</summary>
    public string Action => Plan!.ActionFor(this);

    bool IPlannedChange.AlreadyDone => false;

    internal RemovalPlan? Plan { get; set; }

    /// <summary>Instances and launch templates that still use the image (only with -Force; otherwise it is refused).</summary>
    public IReadOnlyList<string> InUseBy { get; }

    /// <summary>A stopped earlier run (or someone else) deregistered the image: only its leftovers go.</summary>
    public bool AlreadyDeregistered { get; }

    internal IReadOnlyDictionary<string, int?> SnapshotSizes { get; }
    internal IReadOnlyList<string> KmsKeyArns { get; }

    /// <summary>The KMS grants Grant-AmiLaunchPermission made for the image, revoked once it is deregistered.</summary>
    internal IReadOnlyList<PlannedGrant> Grants { get; set; } = new PlannedGrant[0];

    /// <summary>Why the image's grants could not be listed (reported once the image is deregistered).</summary>
    internal AmiOperationException? GrantLookupFailure { get; set; }
    internal RegionRemoval RegionState { get; }

    /// <summary>Position among the approved images; -1 until approved.</summary>
    internal int ApprovalOrder { get; set; } = -1;

    internal bool Approved => ApprovalOrder >= 0;
}
