namespace AmiCmdlets.Contracts.Engine;

/// <summary>One progress line. Key identifies the line (an image id, a region); Completed removes it.</summary>
public sealed class ProgressEvent(string key, string activity, string status, int percentComplete = -1, bool completed = false) : EngineEvent
{
    public string Key { get; } = key;
    public string Activity { get; } = activity;
    public string Status { get; } = status;
    public int PercentComplete { get; } = percentComplete;
    public bool Completed { get; } = completed;
}
