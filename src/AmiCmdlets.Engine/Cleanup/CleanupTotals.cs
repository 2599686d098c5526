using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Running totals of a cleanup scan (stale images, orphaned snapshots), added to from several places at once: one
/// line per account when the scan spans accounts, then the total.
/// </summary>
internal sealed class CleanupTotals(string noun)
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, (int Count, long GiB)> _byAccount = new Dictionary<string, (int, long)>(System.StringComparer.Ordinal);

    /// <param name="account">The account the item was found in ("" when not known).</param>
    public void Add(string? account, int gib)
    {
        lock (_gate)
        {
            _byAccount.TryGetValue(account ?? "", out var sum);
            _byAccount[account ?? ""] = (sum.Count + 1, sum.GiB + gib);
        }
    }

    public IReadOnlyList<string> Summary(decimal pricePerGiBMonth)
    {
        lock (_gate)
        {
            var lines = new List<string>();
            if (_byAccount.Count > 1)
            {
                foreach (var account in _byAccount.OrderBy(a => a.Key, System.StringComparer.Ordinal))
                {
                    lines.Add(string.Format(CultureInfo.InvariantCulture, "Account {0}: {1} {2}, {3} GiB of snapshots, about ${4:0.00} a month.",
                        account.Key.Length == 0 ? "(unknown)" : account.Key, account.Value.Count, noun, account.Value.GiB, account.Value.GiB * pricePerGiBMonth));
                }
            }
            var count = _byAccount.Values.Sum(a => a.Count);
            var gib = _byAccount.Values.Sum(a => a.GiB);
            lines.Add(string.Format(CultureInfo.InvariantCulture,
                "{0}{1} {2}, {3} GiB of snapshots, about ${4:0.00} a month at ${5} per GiB-month. " +
                "An upper bound: snapshots are incremental, so they may share blocks and cost less.",
                _byAccount.Count > 1 ? "Total: " : "", count, noun, gib, gib * pricePerGiBMonth, pricePerGiBMonth));
            return lines;
        }
    }
}
