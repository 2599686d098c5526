namespace AmiCmdlets.Contracts.Engine;

/// <summary>A non-terminating failure of one item among many: the operation goes on.</summary>
public sealed class ErrorEvent : EngineEvent
{
    public ErrorEvent(AmiOperationException error) => Error = error;
    public AmiOperationException Error { get; }
}
