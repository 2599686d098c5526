namespace AmiCmdlets.Contracts.Engine;

public sealed class VerboseEvent : EngineEvent
{
    public VerboseEvent(string message) => Message = message;
    public string Message { get; }
}
