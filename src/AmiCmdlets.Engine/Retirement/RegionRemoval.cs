using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>The region's snapshot index and candidates, to decide who else uses a snapshot.</summary>
internal sealed class RegionRemoval(ResolvedConnection connection, SnapshotReferenceIndex? index)
{
    public ResolvedConnection Connection { get; } = connection;

    /// <summary>Null with -KeepSnapshot (not needed).</summary>
    public SnapshotReferenceIndex? Index { get; } = index;
    public Dictionary<string, RemovalCandidate> Candidates { get; } = new Dictionary<string, RemovalCandidate>(StringComparer.Ordinal);
}
