namespace AmiCmdlets;

/// <summary>One snapshot of an <see cref="AmiCost"/>: tier, size, the price applied, and what it costs a month.</summary>
public sealed class AmiSnapshotCost
{
    public string SnapshotId { get; internal set; } = "";
    /// <summary>standard or archive.</summary>
    public string StorageTier { get; internal set; } = "";
    public decimal GiB { get; internal set; }
    /// <summary>True when <see cref="GiB"/> is the volume size: EC2 reported no FullSnapshotSizeInBytes.</summary>
    public bool IsEstimate { get; internal set; }
    public decimal PricePerGiBMonth { get; internal set; }
    /// <summary>Unrounded (GiB x price): an image's and a group's cost round the sum once.</summary>
    public decimal MonthlyCost { get; internal set; }

    public override string ToString() => SnapshotId;
}
