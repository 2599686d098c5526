using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>Get-AmiCost -GroupBy: the totals of the images of one family, account, region or tag value.</summary>
public sealed class AmiCostGroup
{
    /// <summary>Family, Account, Region or Tag:&lt;key&gt;, as asked.</summary>
    public string GroupBy { get; internal set; } = "";
    /// <summary>The family, account id, region or tag value; "(none)" for images without the tag.</summary>
    public string Group { get; internal set; } = "";
    public int ImageCount { get; internal set; }
    /// <summary>Distinct snapshots: one shared by several images of the group counts once.</summary>
    public int SnapshotCount { get; internal set; }
    public decimal StandardGiB { get; internal set; }
    public decimal ArchiveGiB { get; internal set; }
    /// <summary>Dollars a month, rounded to cents once for the whole group.</summary>
    public decimal MonthlyCost { get; internal set; }
    public bool IsEstimate { get; internal set; }
    public IReadOnlyList<string> ImageIds { get; internal set; } = Array.Empty<string>();

    public override string ToString() => GroupBy + "=" + Group;
}
