namespace AmiCmdlets.Contracts.Engine;

public sealed class DebugEvent : EngineEvent
{
    public DebugEvent(string message) => Message = message;
    public string Message { get; }
}
