namespace AmiCmdlets;

/// <summary>A snapshot of a removed image that still exists, and why (another AMI uses it, -KeepSnapshot, a failed delete).</summary>
public sealed class AmiKeptSnapshot
{
    public string SnapshotId { get; internal set; } = "";
    public string Reason { get; internal set; } = "";
    public int? SizeGiB { get; internal set; }

    public override string ToString() => SnapshotId + " (" + Reason + ")";
}
