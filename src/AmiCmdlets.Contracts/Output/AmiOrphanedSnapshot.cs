using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// A snapshot that CreateImage or CopyImage made for an AMI that no longer exists and that no AMI of the
/// account uses: it is still billed. Status says whether it is a safe orphan ("Orphaned") or shared with
/// other accounts ("Shared", see SharedWith), whose AMIs and volumes the owner cannot see. Pipes into
/// Remove-OrphanedAmiSnapshot (SnapshotId and Region bind by property name).
/// </summary>
public sealed class AmiOrphanedSnapshot : AmiOutput
{
    public string SnapshotId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string FormerImageId { get; internal set; } = "";
    public int SizeGiB { get; internal set; }
    public DateTime? StartTime { get; internal set; }
    public int AgeDays { get; internal set; }
    public decimal EstimatedMonthlyCost { get; internal set; }
    public string Description { get; internal set; } = "";

    /// <summary>"Orphaned" (no other account may use it) or "Shared" (see SharedWith).</summary>
    public string Status { get; internal set; } = OrphanedSnapshotStatus.Orphaned;

    /// <summary>The accounts given createVolumePermission, and "all" when the snapshot is public; empty when not shared.</summary>
    public IReadOnlyList<string> SharedWith { get; internal set; } = new string[0];

    public override string ToString() => SnapshotId;
}
