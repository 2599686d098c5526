using System;
using System.Collections.Generic;
using System.Globalization;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// What one GiB-month of EBS snapshot storage costs, per region and storage tier: the one price table of the
/// module (Get-AmiCost, Find-StaleAmi, Find-OrphanedAmiSnapshot). Users override it per tier, per region and tier,
/// or the standard price everywhere (-PricePerGiBMonth); nothing else holds a price.
/// </summary>
public sealed class SnapshotPriceTable
{
    public const string Standard = "standard";
    public const string Archive = "archive";

    /// <summary>
    /// Taken 2026-12-01 from the Amazon EBS User Guide, "Pricing and billing for archiving Amazon EBS snapshots"
    /// (https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-archive-pricing.html): archive $0.0125 per
    /// GB-month, standard $0.05 per GB-month (the US East (N. Virginia) rates the guide quotes; restores $0.03 per
    /// GB once, not a monthly cost). Other regions charge somewhat more (https://aws.amazon.com/ebs/pricing/);
    /// until a region has its own row here it uses the "*" row, so give its prices with -PriceTable.
    /// </summary>
    private static readonly Dictionary<string, decimal> Published = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["*/" + Standard] = 0.05m,
        ["*/" + Archive] = 0.0125m,
        ["us-east-1/" + Standard] = 0.05m,
        ["us-east-1/" + Archive] = 0.0125m,
    };

    /// <summary>One-time cost per GiB of restoring from the archive tier (same page).</summary>
    public const decimal RestorePerGiB = 0.03m;

    /// <summary>Archived snapshots are billed for at least this many days (same page).</summary>
    public const int MinimumArchiveDays = 90;

    /// <summary>
    /// The largest price taken: anything above is surely a typo (a price per TiB, or cents as dollars). A double for
    /// [ValidateRange] (PowerShell converts the argument to the bounds' type first: int bounds passed 100.4 as 100).
    /// </summary>
    public const double MaxPricePerGiBMonth = 100.0;

    private const decimal MaxPrice = 100m;

    private readonly Dictionary<string, decimal> _prices;

    private SnapshotPriceTable(Dictionary<string, decimal> prices) => _prices = prices;

    public static SnapshotPriceTable Default { get; } = new SnapshotPriceTable(Published);

    /// <summary>
    /// The table with overrides: <paramref name="standardEverywhere"/> sets the standard price of every region; each
    /// entry of <paramref name="entries"/> is "standard" or "archive" (every region) or "&lt;region&gt;/&lt;tier&gt;".
    /// A region's own entry wins over a tier-wide one, which wins over the table.
    /// </summary>
    public SnapshotPriceTable With(decimal? standardEverywhere, IEnumerable<KeyValuePair<string, decimal>>? entries)
    {
        var prices = new Dictionary<string, decimal>(_prices, StringComparer.Ordinal);
        var everywhere = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (standardEverywhere is decimal standard) everywhere[Standard] = Check("PricePerGiBMonth", standard);
        var regional = new List<KeyValuePair<string, decimal>>();
        foreach (var entry in entries ?? Array.Empty<KeyValuePair<string, decimal>>())
        {
            var key = (entry.Key ?? "").Trim().ToLowerInvariant();
            var slash = key.IndexOf('/');
            var tier = slash < 0 ? key : key.Substring(slash + 1);
            if (tier != Standard && tier != Archive || slash == 0)
                throw Invalid("'" + entry.Key + "' is not a price key: expected standard, archive, or <region>/standard, <region>/archive (e.g. eu-west-1/archive).");
            var price = Check(entry.Key!, entry.Value);
            if (slash < 0) everywhere[tier] = price;
            else regional.Add(new KeyValuePair<string, decimal>(key, price));
        }
        foreach (var tierWide in everywhere)
        {
            // A tier-wide price replaces every region's published one for that tier.
            foreach (var key in new List<string>(prices.Keys))
                if (key.EndsWith("/" + tierWide.Key, StringComparison.Ordinal)) prices[key] = tierWide.Value;
        }
        foreach (var entry in regional) prices[entry.Key] = entry.Value;
        return new SnapshotPriceTable(prices);
    }

    /// <summary>The price of one GiB-month in <paramref name="tier"/> (standard or archive) in <paramref name="region"/>.</summary>
    public decimal PricePerGiBMonth(string region, string tier)
    {
        var t = tier == Archive ? Archive : Standard;
        return _prices.TryGetValue(region + "/" + t, out var price) ? price : _prices["*/" + t];
    }

    private static decimal Check(string key, decimal price)
    {
        if (price < 0 || price > MaxPrice)
            throw Invalid("The price for '" + key + "' (" + price.ToString(CultureInfo.InvariantCulture) + ") must be between 0 and " + MaxPrice + " dollars per GiB-month.");
        return price;
    }

    private static AmiOperationException Invalid(string message) =>
        new AmiOperationException(ErrorIds.InvalidPriceTable, AmiErrorCategory.InvalidArgument, null, message);
}
