namespace AmiCmdlets.Engine.Archive;

/// <summary>Enable-Ami -RestoreSnapshots: for how long (RestoreSnapshotTier TemporaryRestoreDays, or PermanentRestore).</summary>
public sealed class SnapshotRestoreKind
{
    private SnapshotRestoreKind(int? temporaryDays) => TemporaryDays = temporaryDays;

    /// <summary>Null: permanent.</summary>
    public int? TemporaryDays { get; }

    public static SnapshotRestoreKind Permanent { get; } = new SnapshotRestoreKind(null);

    public static SnapshotRestoreKind Temporary(int days) => new SnapshotRestoreKind(days);
}
