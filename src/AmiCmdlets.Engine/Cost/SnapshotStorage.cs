using System.Collections.Generic;
using Amazon.EC2.Model;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// What one snapshot occupies: its tier and size in GiB. The size is EC2's FullSnapshotSizeInBytes when reported;
/// otherwise the volume size, flagged as an estimate. Either way it is an upper bound in the standard tier, which bills
/// only the blocks a snapshot does not share with earlier ones, and exact in the archive tier, which holds full copies.
/// </summary>
public sealed class SnapshotStorage
{
    private const decimal BytesPerGiB = 1024m * 1024 * 1024;

    public SnapshotStorage(string snapshotId, string tier, decimal gib, bool isEstimate)
    {
        SnapshotId = snapshotId;
        Tier = tier;
        GiB = gib;
        IsEstimate = isEstimate;
    }

    public string SnapshotId { get; }

    /// <summary>standard or archive. A snapshot being archived is still billed as standard; one being restored as archive.</summary>
    public string Tier { get; }
    public decimal GiB { get; }
    public bool IsEstimate { get; }

    public static SnapshotStorage From(Snapshot snapshot)
    {
        var tier = snapshot.StorageTier?.Value == SnapshotPriceTable.Archive ? SnapshotPriceTable.Archive : SnapshotPriceTable.Standard;
        return snapshot.FullSnapshotSizeInBytes is long bytes && bytes > 0
            ? new SnapshotStorage(snapshot.SnapshotId, tier, decimal.Round(bytes / BytesPerGiB, 3), false)
            : new SnapshotStorage(snapshot.SnapshotId, tier, snapshot.VolumeSize ?? 0, true);
    }

    /// <summary>A snapshot EC2 did not describe (another account's, or gone): its volume size from the image, standard tier.</summary>
    public static SnapshotStorage FromVolume(string snapshotId, int volumeGiB) => new SnapshotStorage(snapshotId, SnapshotPriceTable.Standard, volumeGiB, true);

    internal static IEqualityComparer<SnapshotStorage> ById { get; } = new IdComparer();

    private sealed class IdComparer : IEqualityComparer<SnapshotStorage>
    {
        public bool Equals(SnapshotStorage? x, SnapshotStorage? y) => x?.SnapshotId == y?.SnapshotId;
        public int GetHashCode(SnapshotStorage obj) => obj.SnapshotId.GetHashCode();
    }
}
