namespace LocalAws.Model;

/// <summary>
/// A snapshot's storage tier and its last archive or restore (ModifySnapshotTier, RestoreSnapshotTier). An
/// operation runs for <see cref="TieringTimes"/> and settles lazily on the next read, like pending images.
/// Values are SnapshotTierStatus.lastTieringOperationStatus's (EC2 API reference).
/// </summary>
internal sealed class SnapshotTierState
{
    public const string Standard = "standard";
    public const string Archive = "archive";

    public string Tier { get; private set; } = Standard;
    public string? LastStatus { get; private set; }
    public DateTimeOffset? LastStartTime { get; private set; }
    public DateTimeOffset? ArchivalCompleteTime { get; private set; }
    /// <summary>When a temporarily restored snapshot goes back to the archive tier.</summary>
    public DateTimeOffset? RestoreExpiryTime { get; private set; }
    /// <summary>When the running operation completes; null when none runs.</summary>
    public DateTimeOffset? DoneAt { get; private set; }
    private int _temporaryDays;

    public bool InProgress => DoneAt is not null;

    /// <summary>Seeds a snapshot directly in the archive tier (archived <paramref name="archivedAt"/>).</summary>
    public void SeedArchived(DateTimeOffset archivedAt)
    {
        Tier = Archive;
        LastStatus = "archival-completed";
        LastStartTime = archivedAt;
        ArchivalCompleteTime = archivedAt;
    }

    public void StartArchive(DateTimeOffset now, double seconds)
    {
        LastStatus = "archival-in-progress";
        LastStartTime = now;
        DoneAt = now.AddSeconds(seconds);
        RestoreExpiryTime = null;
    }

    public void StartRestore(DateTimeOffset now, double seconds, int? temporaryDays)
    {
        LastStatus = temporaryDays is null ? "permanent-restore-in-progress" : "temporary-restore-in-progress";
        _temporaryDays = temporaryDays ?? 0;
        LastStartTime = now;
        DoneAt = now.AddSeconds(seconds);
    }

    /// <summary>A temporarily restored snapshot: a new period, or made permanent (no new retrieval: guess, see README).</summary>
    public void ChangeRestore(DateTimeOffset now, int? temporaryDays)
    {
        if (temporaryDays is null)
        {
            LastStatus = "permanent-restore-completed";
            RestoreExpiryTime = null;
        }
        else RestoreExpiryTime = now.AddDays(temporaryDays.Value);
    }

    /// <summary>finish-pending: a running archive or restore completes now.</summary>
    public void FinishNow(DateTimeOffset now)
    {
        if (DoneAt is { } done && done > now) DoneAt = now;
    }

    public bool IsTemporarilyRestored => LastStatus == "temporary-restore-completed" && Tier == Standard;

    public void Settle(DateTimeOffset now)
    {
        if (DoneAt is { } done && done <= now)
        {
            DoneAt = null;
            switch (LastStatus)
            {
                case "archival-in-progress":
                    Tier = Archive;
                    LastStatus = "archival-completed";
                    ArchivalCompleteTime = done;
                    break;
                case "temporary-restore-in-progress":
                    Tier = Standard;
                    LastStatus = "temporary-restore-completed";
                    RestoreExpiryTime = done.AddDays(_temporaryDays);
                    break;
                case "permanent-restore-in-progress":
                    Tier = Standard;
                    LastStatus = "permanent-restore-completed";
                    break;
            }
        }
        // "The snapshot will be automatically re-archived after this period."
        if (IsTemporarilyRestored && RestoreExpiryTime is { } expiry && expiry <= now)
        {
            Tier = Archive;
            RestoreExpiryTime = null;
        }
    }

    /// <summary>0-100 by elapsed time while running; 100 once done.</summary>
    public int? Progress(DateTimeOffset now)
    {
        if (LastStatus is null) return null;
        if (DoneAt is not { } done || LastStartTime is not { } start) return 100;
        var total = (done - start).TotalSeconds;
        return total <= 0 ? 99 : Math.Clamp((int)((now - start).TotalSeconds * 100 / total), 0, 99);
    }
}

/// <summary>Region (or "*") -> seconds an archive or a restore takes (settings snapshotArchiveSeconds/snapshotRestoreSeconds).</summary>
internal sealed class TieringTimes
{
    public Dictionary<string, double> ArchiveSeconds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> RestoreSeconds { get; } = new(StringComparer.Ordinal);

    public double ArchiveSecondsFor(string region) => For(ArchiveSeconds, region);
    public double RestoreSecondsFor(string region) => For(RestoreSeconds, region);

    private static double For(Dictionary<string, double> seconds, string region) =>
        seconds.TryGetValue(region, out var s) ? s : seconds.GetValueOrDefault("*", 0);

    public void Clear()
    {
        ArchiveSeconds.Clear();
        RestoreSeconds.Clear();
    }
}
