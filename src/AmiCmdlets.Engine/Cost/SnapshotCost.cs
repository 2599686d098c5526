using System;

namespace AmiCmdlets.Engine.Cost;

/// <summary>The one cost rule: a snapshot's GiB times its region's price for its tier, per month.</summary>
public static class SnapshotCost
{
    public static decimal PriceOf(SnapshotStorage snapshot, string region, SnapshotPriceTable prices) => prices.PricePerGiBMonth(region, snapshot.Tier);

    /// <summary>Unrounded, so that sums of many snapshots round once, at the end, to the same cents everywhere.</summary>
    public static decimal MonthlyOf(SnapshotStorage snapshot, string region, SnapshotPriceTable prices) => snapshot.GiB * PriceOf(snapshot, region, prices);

    /// <summary>Dollars and cents as every output shows them.</summary>
    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
