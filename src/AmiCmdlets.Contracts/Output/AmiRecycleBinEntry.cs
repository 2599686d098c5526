using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// A deregistered image that a Recycle Bin retention rule keeps (Get-Ami -InRecycleBin): restorable with Restore-Ami
/// until <see cref="RecycleBinExitTime"/> (ImageId and Region bind by property name).
/// </summary>
public sealed class AmiRecycleBinEntry : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string? Description { get; internal set; }
    public DateTime? RecycleBinEnterTime { get; internal set; }

    /// <summary>When the Recycle Bin deletes it for good (UTC).</summary>
    public DateTime? RecycleBinExitTime { get; internal set; }

    /// <summary>Its snapshots that are in the Recycle Bin too (found by the description CreateImage or CopyImage gave them); Restore-Ami restores them first.</summary>
    public IReadOnlyList<string> SnapshotIds { get; internal set; } = Array.Empty<string>();

    public override string ToString() => ImageId;
}
