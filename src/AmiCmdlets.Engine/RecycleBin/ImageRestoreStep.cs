using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.RecycleBin;

/// <summary>One image to bring back from the Recycle Bin with its snapshots there, ready for ShouldProcess.</summary>
public sealed class ImageRestoreStep : IPlannedChange
{
    internal ImageRestoreStep(ResolvedConnection connection, AmiRecycleBinEntry entry)
    {
        Connection = connection;
        Entry = entry;
    }

    public ResolvedConnection Connection { get; }
    public AmiRecycleBinEntry Entry { get; }
    public string ImageId => Entry.ImageId;
    public IReadOnlyList<string> SnapshotIds => Entry.SnapshotIds;

    public string Target => ConfirmationTarget.For(Entry.ImageId, Entry.Name, Connection);

    public string Action => "Restore AMI '" + Entry.Name + "' from the Recycle Bin" +
        (Entry.SnapshotIds.Count == 0 ? "" : ", its " + Entry.SnapshotIds.Count + " snapshot(s) first (" + string.Join(", ", Entry.SnapshotIds) + ")") +
        (Entry.RecycleBinExitTime is DateTime exit ? "; it would be deleted for good at " + Retirement.ImageRetirement.Show(exit) : "") +
        ". Restored snapshots are billed again at the standard rate";

    public bool AlreadyDone => false;
}
