using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>One rechecked orphan Remove-OrphanedAmiSnapshot deletes once confirmed.</summary>
public sealed class OrphanedSnapshotDeletion(ResolvedConnection connection, AmiOrphanedSnapshot snapshot) : IPlannedChange
{
    public AmiOrphanedSnapshot Snapshot { get; } = snapshot;

    public string Target { get; } = ConfirmationTarget.For(snapshot.SnapshotId, null, connection);

    public string Action => Snapshot.Status == OrphanedSnapshotStatus.Shared
        ? "Delete snapshot (" + Snapshot.SizeGiB + " GiB, left by " + Snapshot.FormerImageId + ") although it is " +
          OrphanedSnapshotRemoval.DescribeSharing(Snapshot.SharedWith) + ": they can no longer create volumes from it"
        : "Delete orphaned snapshot (" + Snapshot.SizeGiB + " GiB, left by " + Snapshot.FormerImageId + ")";

    bool IPlannedChange.AlreadyDone => false;
}
