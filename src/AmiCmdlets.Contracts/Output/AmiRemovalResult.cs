using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// What Remove-AmiWithSnapshots did to one image: whether it was deregistered, which of its snapshots are
/// gone, and which remain (each with the reason), so that nothing is left billed without anyone knowing.
/// </summary>
public sealed class AmiRemovalResult : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    /// <summary>True when the image is deregistered now (by this command or before it).</summary>
    public bool Deregistered { get; internal set; }

    /// <summary>
    /// The image was already deregistered when this command came to it (a re-run after a run that was
    /// stopped, or someone else was quicker): only what was left of it (snapshots, KMS grants) was removed.
    /// </summary>
    public bool AlreadyDeregistered { get; internal set; }

    public IReadOnlyList<string> DeletedSnapshotIds { get; internal set; } = Array.Empty<string>();
    public IReadOnlyList<AmiKeptSnapshot> KeptSnapshots { get; internal set; } = Array.Empty<AmiKeptSnapshot>();

    /// <summary>
    /// The KMS grants Grant-AmiLaunchPermission had made for the image (AmiCmdlets-&lt;image&gt;-&lt;account&gt;),
    /// revoked once the image was deregistered, each as "&lt;grant name&gt; on &lt;key ARN&gt;". A grant that
    /// could not be revoked is not listed; it was reported as a KmsGrantNotRevoked error.
    /// </summary>
    public IReadOnlyList<string> RevokedKmsGrants { get; internal set; } = Array.Empty<string>();

    /// <summary>
    /// Sum of the volume sizes of the deleted snapshots: an upper bound of the storage freed, since
    /// snapshots are incremental. A snapshot shared by several removed images counts once.
    /// </summary>
    public int FreedGiB { get; internal set; }

    /// <summary>
    /// Whether it can be undone (<see cref="AmiUndo"/>): RecycleBin (a retention rule kept the image and every deleted
    /// snapshot: Restore-Ami brings them back until <see cref="RecycleBinExitTime"/>), Partial, Gone (for good), Unknown, None.
    /// </summary>
    public string Undo { get; internal set; } = AmiUndo.None;

    /// <summary>The image is in the Recycle Bin (found there right after the removal).</summary>
    public bool InRecycleBin { get; internal set; }

    /// <summary>When the Recycle Bin deletes the image for good (UTC); null when it is not there.</summary>
    public DateTime? RecycleBinExitTime { get; internal set; }

    /// <summary>The deleted snapshots a retention rule keeps; the other DeletedSnapshotIds are gone for good.</summary>
    public IReadOnlyList<string> SnapshotsInRecycleBin { get; internal set; } = Array.Empty<string>();

    public override string ToString() => ImageId;
}
