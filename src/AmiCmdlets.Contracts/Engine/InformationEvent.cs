namespace AmiCmdlets.Contracts.Engine;

public sealed class InformationEvent : EngineEvent
{
    public InformationEvent(string message) => Message = message;
    public string Message { get; }
}
