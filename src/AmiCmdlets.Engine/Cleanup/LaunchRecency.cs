using System;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Find-StaleAmi -NotLaunchedForDays: an image launched (by anyone, in any account: EC2's LastLaunchedTime) within
/// the last n days is not stale, whatever its age; one never launched counts from its creation.
/// </summary>
internal static class LaunchRecency
{
    /// <summary>Null when the image was launched (or made) too recently; otherwise the phrase for its Reason.</summary>
    public static string? StaleReason(DateTime? lastLaunched, DateTime? created, int notLaunchedForDays, DateTime utcNow)
    {
        var since = lastLaunched ?? created;
        var days = since is DateTime t ? Math.Max(0, (int)(utcNow - t).TotalDays) : int.MaxValue;
        if (days < notLaunchedForDays) return null;
        return lastLaunched != null
            ? "last launched " + days + " days ago (limit " + notLaunchedForDays + ")"
            : "never launched (limit " + notLaunchedForDays + " days from creation)";
    }
}
