using System;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// The defaults Set-AmiContext stores, for every later call in this process. One per process, like the
/// SDK's own client caches; Clear-AmiContext forgets them.
/// </summary>
internal static class AmiSessionContext
{
    private static readonly object Gate = new object();
    private static ConnectionSettings _current = new ConnectionSettings();

    public static ConnectionSettings Current
    {
        get { lock (Gate) return _current.Clone(); }
    }

    public static void Update(ConnectionSettings changes)
    {
        lock (Gate)
        {
            var next = _current.Clone();
            if (changes.Regions.Count > 0) next.Regions = changes.Regions;
            if (changes.ProfileNames.Count > 0) { next.ProfileNames = changes.ProfileNames; next.Credential = null; }
            if (changes.Credential != null) { next.Credential = changes.Credential; next.ProfileName = null; }
            if (changes.EndpointUrl != null) next.EndpointUrl = changes.EndpointUrl;
            if (changes.NamesRoles)
            {
                // The roles replace the earlier ones, by ARN or by name and accounts alike.
                next.RoleArns = changes.RoleArns;
                next.RoleName = changes.RoleName;
                next.RoleAccountIds = changes.RoleAccountIds;
                next.ExternalId = changes.ExternalId;
            }
            if (changes.MaxAttempts != null) next.MaxAttempts = changes.MaxAttempts;
            _current = next;
        }
    }

    /// <summary>First pause between polls while waiting for images (Set-AmiContext -PollIntervalSec).</summary>
    public static TimeSpan? PollInterval { get; set; }

    /// <summary>Longest pause between polls, reached by backing off (Set-AmiContext -MaxPollIntervalSec).</summary>
    public static TimeSpan? MaxPollInterval { get; set; }

    public static WaitPolicy WaitPolicy(int timeoutSeconds) =>
        new WaitPolicy(TimeSpan.FromSeconds(timeoutSeconds), PollInterval, MaxPollInterval);

    public static void Clear()
    {
        lock (Gate) _current = new ConnectionSettings();
        PollInterval = null;
        MaxPollInterval = null;
    }
}
