namespace AmiCmdlets.Contracts.Engine;

public sealed class WarningEvent : EngineEvent
{
    public WarningEvent(string message) => Message = message;
    public string Message { get; }
}
