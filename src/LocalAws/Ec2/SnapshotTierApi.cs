using System.Globalization;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// ModifySnapshotTier, RestoreSnapshotTier, DescribeSnapshotTierStatus: the EBS snapshot archive. Rules from the EBS
/// user guide ("Archive Amazon EBS snapshots"); error codes and messages where AWS does not document them are guesses
/// (src/LocalAws/README.md, "Snapshot archive").
/// </summary>
internal static class SnapshotTierApi
{
    public static AwsResponse ModifySnapshotTier(AwsCall call)
    {
        var p = call.Params;
        var snapshot = SnapshotsApi.OwnSnapshot(call, p.Required("SnapshotId"));
        var tier = p.Get("StorageTier") ?? SnapshotTierState.Archive;
        if (tier != SnapshotTierState.Archive)
            throw new AwsException("InvalidParameterValue", $"Value ({tier}) for parameter storageTier is invalid. Expected: 'archive'.");
        if (snapshot.State != "completed")
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' is in the '{snapshot.State}' state. Only completed snapshots can be archived.");
        if (snapshot.Tier.InProgress)
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' has a tiering operation in progress ({snapshot.Tier.LastStatus}).");
        if (snapshot.Tier.Tier == SnapshotTierState.Archive)
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' is already archived.");
        // User guide: snapshots of an AMI can be archived only once the AMI is disabled.
        var user = call.State.Images(call.Region).All.FirstOrDefault(i => i.State != ImageStates.Disabled && i.BlockDevices.Any(d => d.SnapshotId == snapshot.SnapshotId));
        if (user is not null)
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' is associated with AMI {user.ImageId}, which is {user.State}. Disable the AMI before archiving its snapshots.");
        var now = call.State.Now;
        snapshot.Tier.StartArchive(now, call.State.Tiering.ArchiveSecondsFor(call.Region));
        // "converted to a full snapshot that includes all of the blocks of data that were written to the volume"
        snapshot.FullSnapshotSizeInBytes ??= snapshot.VolumeSize * 1024L * 1024 * 1024;
        snapshot.Tier.Settle(now);
        return Ec2Api.End(Ec2Api.Begin(call).Elem("snapshotId", snapshot.SnapshotId).Elem("tieringStartTime", now));
    }

    public static AwsResponse RestoreSnapshotTier(AwsCall call)
    {
        var p = call.Params;
        var snapshot = SnapshotsApi.OwnSnapshot(call, p.Required("SnapshotId"));
        var permanent = p.Bool("PermanentRestore");
        var days = p.Int("TemporaryRestoreDays");
        if (permanent && days is not null)
            throw new AwsException("InvalidParameterCombination", "Specify either TemporaryRestoreDays or PermanentRestore, not both.");
        if (!permanent && days is null)
            throw new AwsException("MissingParameter", "Specify TemporaryRestoreDays for a temporary restore, or PermanentRestore.");
        if (days is < 1 or > 180)
            throw new AwsException("InvalidParameterValue", $"Value ({days}) for parameter temporaryRestoreDays is invalid. It must be between 1 and 180.");
        var tier = snapshot.Tier;
        if (tier.InProgress)
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' has a tiering operation in progress ({tier.LastStatus}).");
        var now = call.State.Now;
        if (tier.IsTemporarilyRestored)
        {
            // "modifies the restore period or restore type for a snapshot that was previously temporarily restored"
            tier.ChangeRestore(now, permanent ? null : days);
        }
        else if (tier.Tier == SnapshotTierState.Archive)
        {
            tier.StartRestore(now, call.State.Tiering.RestoreSecondsFor(call.Region), permanent ? null : days);
            tier.Settle(now);
        }
        else
        {
            throw new AwsException("IncorrectState", $"The snapshot '{snapshot.SnapshotId}' is not archived; only archived snapshots can be restored.");
        }
        var xml = Ec2Api.Begin(call).Elem("snapshotId", snapshot.SnapshotId).Elem("restoreStartTime", now)
            .Elem("restoreDuration", permanent ? null : days).Elem("isPermanentRestore", permanent);
        return Ec2Api.End(xml);
    }

    private static readonly Dictionary<string, Func<Snapshot, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["snapshot-id"] = s => [s.SnapshotId],
        ["volume-id"] = s => [s.VolumeId ?? "vol-ffffffff"],
        ["last-tiering-operation"] = s => [s.Tier.LastStatus],
        ["tag-key"] = s => s.Tags.Keys,
    };

    /// <summary>The caller's snapshots of the region with their tier and last tiering operation.</summary>
    public static AwsResponse DescribeSnapshotTierStatus(AwsCall call)
    {
        var p = call.Params;
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 5, 1000);
        var filters = ResourceFilters.Compile(Ec2Api.Filters(p), Fields, s => s.Tags);
        var now = call.State.Now;
        var owned = call.State.Scope(call.Account, call.Region).Snapshots.Values
            .Where(s => { s.Settle(now); return filters.All(f => f(s)); })
            .OrderBy(s => s.SnapshotId, StringComparer.Ordinal);
        var (page, next) = Ec2Common.Page(owned, s => s.SnapshotId, "tier", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("snapshotTierStatusSet");
        foreach (var s in page)
        {
            xml.Open("item").Elem("snapshotId", s.SnapshotId).Elem("volumeId", s.VolumeId ?? "vol-ffffffff").Elem("status", s.State).Elem("ownerId", s.OwnerId);
            Ec2Api.WriteTagSet(xml, s.Tags);
            xml.Elem("storageTier", s.Tier.Tier).Elem("lastTieringStartTime", s.Tier.LastStartTime).Elem("lastTieringProgress", s.Tier.Progress(now))
                .Elem("lastTieringOperationStatus", s.Tier.LastStatus).Elem("archivalCompleteTime", s.Tier.ArchivalCompleteTime)
                .Elem("restoreExpiryTime", s.Tier.RestoreExpiryTime).Close();
        }
        xml.Close();
        if (next is not null) xml.Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    /// <summary>An image whose snapshots are not all in the standard tier cannot be launched.</summary>
    public static void CheckLaunchable(AwsCall call, Image image)
    {
        var now = call.State.Now;
        foreach (var device in image.BlockDevices)
        {
            if (device.SnapshotId is null || call.State.FindSnapshot(call.Region, device.SnapshotId) is not { } s) continue;
            s.Settle(now);
            if (s.Tier.Tier == SnapshotTierState.Archive || s.Tier.InProgress)
                throw new AwsException("IncorrectState", $"The snapshot '{s.SnapshotId}' of AMI {image.ImageId} is archived (storage tier {s.Tier.Tier}, {s.Tier.LastStatus}). Restore it to the standard tier first.");
        }
    }

    internal static string Bytes(long? value) => value?.ToString(CultureInfo.InvariantCulture)!;
}
