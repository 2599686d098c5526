using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// What one image's snapshots cost a month (Get-AmiCost): each snapshot at its region's price for its storage tier.
/// Pipes into Disable-Ami -ArchiveSnapshots and Remove-AmiWithSnapshots (ImageId and Region bind by property name).
/// </summary>
public sealed class AmiCost : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    /// <summary>The name without its trailing date or version, as Find-StaleAmi groups.</summary>
    public string Family { get; internal set; } = "";
    public string OwnerId { get; internal set; } = "";
    public string State { get; internal set; } = "";
    public IReadOnlyDictionary<string, string> Tags { get; internal set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>standard, archive, or mixed when the snapshots are in both tiers.</summary>
    public string StorageTier { get; internal set; } = "";
    public decimal StandardGiB { get; internal set; }
    public decimal ArchiveGiB { get; internal set; }

    /// <summary>Dollars a month, rounded to cents.</summary>
    public decimal MonthlyCost { get; internal set; }

    /// <summary>True when a snapshot's size is its volume size: EC2 reported no full size for it.</summary>
    public bool IsEstimate { get; internal set; }
    public IReadOnlyList<AmiSnapshotCost> Snapshots { get; internal set; } = Array.Empty<AmiSnapshotCost>();

    public override string ToString() => ImageId;
}
