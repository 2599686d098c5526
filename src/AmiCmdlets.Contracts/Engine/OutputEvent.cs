namespace AmiCmdlets.Contracts.Engine;

public sealed class OutputEvent : EngineEvent
{
    public OutputEvent(object item) => Item = item;
    public object Item { get; }
}
