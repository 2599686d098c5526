using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>A build instance Invoke-GoldenAmiBuild launched (found by its AmiCmdlets:BuildId tag): what -Cleanup lists and terminates.</summary>
public sealed class AmiBuildInstance : AmiOutput
{
    public string InstanceId { get; internal set; } = "";
    /// <summary>The build's id (the same command line gives the same id).</summary>
    public string BuildId { get; internal set; } = "";
    /// <summary>pending, running, stopping, stopped (or terminated once -Cleanup ended it).</summary>
    public string State { get; internal set; } = "";
    /// <summary>Why it last changed state (Client.InstanceInitiatedShutdown: the script shut it down).</summary>
    public string? StateReason { get; internal set; }
    public string? SourceImageId { get; internal set; }
    public string? InstanceType { get; internal set; }
    public DateTime? LaunchTime { get; internal set; }
    public string Region { get; internal set; } = "";
    public IReadOnlyDictionary<string, string> Tags { get; internal set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
