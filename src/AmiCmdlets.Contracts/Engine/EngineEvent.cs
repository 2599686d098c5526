namespace AmiCmdlets.Contracts.Engine;

/// <summary>
/// What a running engine operation reports. The engine posts these from any thread; the cmdlet drains
/// them on the pipeline thread, the only thread allowed to write to PowerShell's streams.
/// </summary>
public abstract class EngineEvent
{
}

