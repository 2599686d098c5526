
namespace AmiCmdlets.Engine
{
    /// <summary>
    /// What a running engine operation reports. The engine posts these from any thread; the cmdlet drains
    /// them on the pipeline thread, the only thread allowed to write to PowerShell's streams.
    /// </summary>
    public abstract class EngineEvent
    {
    }

    public sealed class OutputEvent : EngineEvent
    {
        public OutputEvent(object item) => Item = item;
        public object Item { get; }
    }

    /// <summary>A non-terminating failure of one item among many: the operation goes on.</summary>
    public sealed class ErrorEvent : EngineEvent
    {
        public ErrorEvent(AmiOperationException error) => Error = error;
        public AmiOperationException Error { get; }
    }

    public sealed class WarningEvent : EngineEvent
    {
        public WarningEvent(string message) => Message = message;
        public string Message { get; }
    }

    public sealed class VerboseEvent : EngineEvent
    {
        public VerboseEvent(string message) => Message = message;
        public string Message { get; }
    }

    public sealed class DebugEvent : EngineEvent
    {
        public DebugEvent(string message) => Message = message;
        public string Message { get; }
    }

    public sealed class InformationEvent : EngineEvent
    {
        public InformationEvent(string message) => Message = message;
        public string Message { get; }
    }

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
}
