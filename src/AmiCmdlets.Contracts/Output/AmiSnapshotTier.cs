using System;

namespace AmiCmdlets;

/// <summary>
/// A snapshot of an image and where it is between the standard and the archive tier (Disable-Ami -ArchiveSnapshots,
/// Enable-Ami -RestoreSnapshots without -Wait): EC2's DescribeSnapshotTierStatus for it.
/// </summary>
public sealed class AmiSnapshotTier : AmiOutput
{
    public string SnapshotId { get; internal set; } = "";
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    /// <summary>standard or archive (a snapshot being archived is still standard; one being restored still archive).</summary>
    public string StorageTier { get; internal set; } = "";
    /// <summary>EC2's last tiering operation status: archival-in-progress, archival-completed, temporary-restore-in-progress, permanent-restore-completed ...</summary>
    public string TieringStatus { get; internal set; } = "";
    /// <summary>Percent of the last archive or restore done.</summary>
    public int? Progress { get; internal set; }
    public DateTime? TieringStartTime { get; internal set; }
    public DateTime? ArchivalCompleteTime { get; internal set; }
    /// <summary>A temporary restore goes back to the archive tier then (UTC).</summary>
    public DateTime? RestoreExpiryTime { get; internal set; }

    public override string ToString() => SnapshotId;
}
