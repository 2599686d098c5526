using System;

namespace AmiCmdlets
{
    /// <summary>
    /// A snapshot that CreateImage or CopyImage made for an AMI that no longer exists and that no AMI uses:
    /// it is still billed. Pipes into Remove-OrphanedAmiSnapshot (SnapshotId and Region bind by property name).
    /// </summary>
    public sealed class AmiOrphanedSnapshot
    {
        public string SnapshotId { get; internal set; } = "";
        public string Region { get; internal set; } = "";
        public string FormerImageId { get; internal set; } = "";
        public int SizeGiB { get; internal set; }
        public DateTime? StartTime { get; internal set; }
        public int AgeDays { get; internal set; }
        public decimal EstimatedMonthlyCost { get; internal set; }
        public string Description { get; internal set; } = "";

        public override string ToString() => SnapshotId;
    }
}
