using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// The summary of a scan over one or many accounts (Find-StaleAmi, Find-OrphanedAmiSnapshot): one
/// <see cref="CostTotals"/> line per account when the scan spans accounts, then the total.
/// </summary>
public sealed class AccountCostTotals
{
    private readonly object _lock = new object();
    private readonly SortedDictionary<string, CostTotals> _byAccount = new SortedDictionary<string, CostTotals>(System.StringComparer.Ordinal);
    private readonly CostTotals _total = new CostTotals();

    /// <param name="account">The account the item was found in (null when STS could not say).</param>
    public void Add(string? account, string place, string region, IReadOnlyCollection<SnapshotStorage> snapshots, SnapshotPriceTable prices)
    {
        CostTotals totals;
        lock (_lock)
        {
            if (!_byAccount.TryGetValue(account ?? "", out totals!)) _byAccount[account ?? ""] = totals = new CostTotals();
        }
        totals.Add(place, region, snapshots, prices);
        _total.Add(place, region, snapshots, prices);
    }

    public IReadOnlyList<string> Summary(string what)
    {
        lock (_lock)
        {
            if (_byAccount.Count <= 1) return new[] { _total.Summary(what) };
            return _byAccount.Select(a => "Account " + (a.Key.Length == 0 ? "(unknown)" : a.Key) + ": " + a.Value.Summary(what))
                .Append("Total: " + _total.Summary(what)).ToList();
        }
    }
}
