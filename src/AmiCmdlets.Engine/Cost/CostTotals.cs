using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// Running totals of snapshots (each counted once per place, though several images share it), added to from several
/// places at once; the summary line of Find-StaleAmi and Find-OrphanedAmiSnapshot and the totals of Get-AmiCost.
/// </summary>
public sealed class CostTotals
{
    private readonly object _lock = new object();
    private readonly HashSet<string> _seen = new HashSet<string>();
    private readonly SortedSet<string> _prices = new SortedSet<string>();
    private int _items;
    private decimal _standardGiB;
    private decimal _archiveGiB;
    private decimal _monthly;
    private int _estimates;

    public int Items { get { lock (_lock) return _items; } }
    public decimal StandardGiB { get { lock (_lock) return _standardGiB; } }
    public decimal ArchiveGiB { get { lock (_lock) return _archiveGiB; } }
    public int SnapshotCount { get { lock (_lock) return _seen.Count; } }
    public int Estimates { get { lock (_lock) return _estimates; } }

    /// <summary>Rounded once, here: the same snapshots give the same cents whatever the order they came in.</summary>
    public decimal MonthlyCost { get { lock (_lock) return SnapshotCost.Cents(_monthly); } }

    /// <summary>One item (an image or an orphan) with its snapshots in <paramref name="place"/> (priced for <paramref name="region"/>).</summary>
    public void Add(string place, string region, IEnumerable<SnapshotStorage> snapshots, SnapshotPriceTable prices)
    {
        lock (_lock)
        {
            _items++;
            foreach (var snapshot in snapshots)
            {
                if (!_seen.Add(place + "/" + snapshot.SnapshotId)) continue;
                if (snapshot.Tier == SnapshotPriceTable.Archive) _archiveGiB += snapshot.GiB;
                else _standardGiB += snapshot.GiB;
                if (snapshot.IsEstimate) _estimates++;
                var price = SnapshotCost.PriceOf(snapshot, region, prices);
                _monthly += snapshot.GiB * price;
                _prices.Add("$" + price.ToString("0.#####", CultureInfo.InvariantCulture) + (snapshot.Tier == SnapshotPriceTable.Archive ? " (archive)" : " (standard)"));
            }
        }
    }

    /// <summary>"2 stale image(s), 138 GiB of snapshots, about $6.90 a month at $0.05 per GiB-month." and what the figure is.</summary>
    public string Summary(string what)
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            text.Append(_items.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(what).Append(", ")
                .Append(Show(_standardGiB + _archiveGiB)).Append(" GiB of snapshots");
            if (_archiveGiB > 0) text.Append(" (").Append(Show(_archiveGiB)).Append(" GiB archived)");
            text.Append(", about $").Append(SnapshotCost.Cents(_monthly).ToString("0.00", CultureInfo.InvariantCulture)).Append(" a month at ");
            // One price needs no tier label; the rule of the old summary line is kept for it.
            text.Append(_prices.Count == 1 ? _prices.First().Split(' ')[0] : _prices.Count == 0 ? "$0" : string.Join(", ", _prices)).Append(" per GiB-month.");
            if (_standardGiB > 0) text.Append(" An upper bound: snapshots are incremental, so they may share blocks and cost less.");
            if (_estimates > 0) text.Append(" ").Append(_estimates.ToString(CultureInfo.InvariantCulture)).Append(" snapshot size(s) are volume sizes (EC2 reported no full size).");
            return text.ToString();
        }
    }

    private static string Show(decimal gib) => gib.ToString("0.##", CultureInfo.InvariantCulture);
}
