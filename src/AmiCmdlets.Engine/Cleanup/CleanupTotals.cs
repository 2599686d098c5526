using System.Globalization;
using System.Threading;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>Running totals of a cleanup scan, added to from several regions at once.</summary>
internal sealed class CleanupTotals
{
    private int _count;
    private long _gib;

    public void Add(AmiCleanupCandidate candidate)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _gib, candidate.SnapshotGiB);
    }

    public string Summary(decimal pricePerGiBMonth) =>
        string.Format(CultureInfo.InvariantCulture,
            "{0} stale image(s), {1} GiB of snapshots, about ${2:0.00} a month at ${3} per GiB-month. " +
            "An upper bound: snapshots are incremental, so they may share blocks and cost less.",
            _count, _gib, _gib * pricePerGiBMonth, pricePerGiBMonth);
}
