namespace AmiCmdlets.Contracts.Engine;

/// <summary>One progress line. Key identifies the line (an image id, a region); Completed removes it.</summary>
public sealed class ProgressEvent : EngineEvent
{
    public ProgressEvent(string key, string activity, string status, int percentComplete = -1, bool completed = false)
    {
        Key = key;
        Activity = activity;
        Status = status;
        PercentComplete = percentComplete;
        Completed = completed;
    }

    public string Key { get; }
    public string Activity { get; }
    public string Status { get; }
    public int PercentComplete { get; }
    public bool Completed { get; }
}
