
namespace AmiCmdlets.Engine.Waiting;

/// <summary>A wait began. Its report fills as it runs, so Ctrl+C can name what is still building before the wait returns.</summary>
public sealed class WaitStartedEvent : EngineEvent
{
    public WaitStartedEvent(WaitReport report) => Report = report;

    public WaitReport Report { get; }
}
