using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Archive;

/// <summary>One image of Disable-Ami -ArchiveSnapshots or Enable-Ami -RestoreSnapshots, checked and priced, ready for ShouldProcess.</summary>
public sealed class ArchiveStep : IPlannedChange
{
    internal ArchiveStep(ResolvedConnection connection, string imageId, string name, bool changeImage, IReadOnlyList<string> snapshotIds, string action)
    {
        Connection = connection;
        ImageId = imageId;
        Name = name;
        ChangeImage = changeImage;
        SnapshotIds = snapshotIds;
        Action = action;
    }

    public ResolvedConnection Connection { get; }
    public string ImageId { get; }
    public string Name { get; }

    /// <summary>The image must be disabled (archive) or re-enabled (restore) first.</summary>
    public bool ChangeImage { get; }

    /// <summary>The snapshots to archive or restore.</summary>
    public IReadOnlyList<string> SnapshotIds { get; }

    public string Target => ConfirmationTarget.For(ImageId, Name, Connection);

    /// <summary>What happens and what it costs, as -WhatIf and -Confirm say it.</summary>
    public string Action { get; }

    /// <summary>Restore only: snapshots already being restored (nothing to start; -Wait waits for them too).</summary>
    public IReadOnlyList<string> Restoring { get; internal set; } = new string[0];

    public bool AlreadyDone => !ChangeImage && SnapshotIds.Count == 0;
}
