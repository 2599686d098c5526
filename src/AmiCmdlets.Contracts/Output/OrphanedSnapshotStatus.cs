namespace AmiCmdlets;

/// <summary>The values of <see cref="AmiOrphanedSnapshot.Status"/>.</summary>
internal static class OrphanedSnapshotStatus
{
    /// <summary>Made for an AMI that is gone, used by no AMI of the account, shared with nobody: safe to delete.</summary>
    public const string Orphaned = "Orphaned";

    /// <summary>
    /// Also made for an AMI that is gone, but shared (createVolumePermission) with other accounts or public:
    /// their AMIs and volumes may depend on it, and the owner cannot see them.
    /// </summary>
    public const string Shared = "Shared";
}
