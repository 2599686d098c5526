namespace LocalAws.Model;

/// <summary>
/// A Recycle Bin retention rule of one account and region (seeded through the control plane: the rbin API is not
/// emulated). Resource type EC2_IMAGE catches deregistered images, EBS_SNAPSHOT deleted snapshots; with tags, only
/// resources that carry all of them (a tag-level rule), else every resource of the type (a Region-level rule).
/// </summary>
internal sealed record RetentionRule(string ResourceType, TimeSpan Retention, IReadOnlyDictionary<string, string> ResourceTags)
{
    public const string Images = "EC2_IMAGE";
    public const string Snapshots = "EBS_SNAPSHOT";

    public bool Catches(string resourceType, IReadOnlyDictionary<string, string> tags) =>
        ResourceType == resourceType && ResourceTags.All(t => tags.TryGetValue(t.Key, out var v) && v == t.Value);
}

internal sealed record RecycleBinSnapshot(Snapshot Snapshot, DateTimeOffset EnterTime, DateTimeOffset ExitTime);

/// <summary>What a deletion does when a retention rule catches the resource: keep it in the bin for the longest matching period.</summary>
internal static class RecycleBin
{
    /// <summary>AWS: when several rules match, the one with the longest retention period wins.</summary>
    private static TimeSpan? RetentionFor(AccountRegion scope, string resourceType, IReadOnlyDictionary<string, string> tags)
    {
        var matching = scope.RetentionRules.Where(r => r.Catches(resourceType, tags)).ToList();
        return matching.Count == 0 ? null : matching.Max(r => r.Retention);
    }

    /// <summary>Keeps a just-deregistered image in the bin when a rule catches it; false when it is gone for good.</summary>
    public static bool KeepImage(EmulatorState state, Image image)
    {
        var scope = state.Scope(image.OwnerId, image.Region);
        if (RetentionFor(scope, RetentionRule.Images, image.Tags) is not { } retention) return false;
        var now = state.Now;
        scope.RecycleBin[image.ImageId] = new RecycleBinImage(image.ImageId, image.Name, image.Description, now, now + retention, image);
        return true;
    }

    /// <summary>Deletes a snapshot: into the bin when a rule catches it, else gone for good.</summary>
    public static void DeleteSnapshot(EmulatorState state, Snapshot snapshot)
    {
        var scope = state.Scope(snapshot.OwnerId, snapshot.Region);
        scope.Snapshots.Remove(snapshot.SnapshotId);
        if (RetentionFor(scope, RetentionRule.Snapshots, snapshot.Tags) is not { } retention) return;
        var now = state.Now;
        scope.SnapshotRecycleBin[snapshot.SnapshotId] = new RecycleBinSnapshot(snapshot, now, now + retention);
    }

    /// <summary>Drops what stayed past its retention period: it is permanently deleted.</summary>
    public static void Expire(AccountRegion scope, DateTimeOffset now)
    {
        foreach (var id in scope.RecycleBin.Where(e => e.Value.ExitTime <= now).Select(e => e.Key).ToList()) scope.RecycleBin.Remove(id);
        foreach (var id in scope.SnapshotRecycleBin.Where(e => e.Value.ExitTime <= now).Select(e => e.Key).ToList()) scope.SnapshotRecycleBin.Remove(id);
    }
}
