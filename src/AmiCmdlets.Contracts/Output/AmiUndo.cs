namespace AmiCmdlets;

/// <summary>AmiRemovalResult.Undo: whether what Remove-AmiWithSnapshots removed can be brought back with Restore-Ami.</summary>
public static class AmiUndo
{
    /// <summary>Nothing was removed (the image was not deregistered).</summary>
    public const string None = "None";

    /// <summary>The image and every deleted snapshot are in the Recycle Bin: Restore-Ami brings them back until RecycleBinExitTime.</summary>
    public const string RecycleBin = "RecycleBin";

    /// <summary>Some of it is in the Recycle Bin, some gone for good (see SnapshotsInRecycleBin): the image cannot be launched again as it was.</summary>
    public const string Partial = "Partial";

    /// <summary>No retention rule caught any of it: gone for good.</summary>
    public const string Gone = "Gone";

    /// <summary>The Recycle Bin could not be read (a warning said why).</summary>
    public const string Unknown = "Unknown";
}
