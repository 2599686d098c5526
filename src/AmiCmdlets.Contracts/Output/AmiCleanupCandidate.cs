using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// An image Find-StaleAmi proposes to remove, why, and what it costs. Pipes into Remove-AmiWithSnapshots
/// (ImageId and Region bind by property name).
/// </summary>
public sealed class AmiCleanupCandidate : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    public string Family { get; internal set; } = "";
    public string State { get; internal set; } = "";
    public DateTime? CreationDate { get; internal set; }
    public int AgeDays { get; internal set; }
    public string Reason { get; internal set; } = "";
    public IReadOnlyList<string> SnapshotIds { get; internal set; } = Array.Empty<string>();

    /// <summary>Sum of the backing volume sizes: an upper bound of the snapshot storage, since snapshots are incremental.</summary>
    public int SnapshotGiB { get; internal set; }

    /// <summary>SnapshotGiB times the price per GiB-month: what removing it saves at most.</summary>
    public decimal EstimatedMonthlyCost { get; internal set; }
    public DateTime? LastLaunchedTime { get; internal set; }

    /// <summary>What still uses the image (only with -IncludeInUse; otherwise used images are never candidates).</summary>
    public IReadOnlyList<string> InUseBy { get; internal set; } = Array.Empty<string>();

    public override string ToString() => ImageId;
}
