using System.Collections.Generic;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>Remove-AmiWithSnapshots for all piped images.</summary>
public sealed class RemovalRequest
{
    public IReadOnlyList<RegionBatch> Batches { get; set; } = new RegionBatch[0];

    /// <summary>-KeepSnapshot: deregister only.</summary>
    public bool KeepSnapshots { get; set; }

    /// <summary>-Force: remove images still used by instances or launch templates.</summary>
    public bool Force { get; set; }
}
