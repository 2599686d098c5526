using System;
using System.Collections.Generic;

namespace AmiCmdlets
{
    /// <summary>
    /// What Remove-AmiWithSnapshots did to one image: whether it was deregistered, which of its snapshots are
    /// gone, and which remain (each with the reason), so that nothing is left billed without anyone knowing.
    /// </summary>
    public sealed class AmiRemovalResult
    {
        public string ImageId { get; internal set; } = "";
        public string Region { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public bool Deregistered { get; internal set; }
        public IReadOnlyList<string> DeletedSnapshotIds { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<AmiKeptSnapshot> KeptSnapshots { get; internal set; } = Array.Empty<AmiKeptSnapshot>();

        /// <summary>
        /// Sum of the volume sizes of the deleted snapshots: an upper bound of the storage freed, since
        /// snapshots are incremental. A snapshot shared by several removed images counts once.
        /// </summary>
        public int FreedGiB { get; internal set; }

        public override string ToString() => ImageId;
    }
}
