namespace AmiCmdlets.Engine.Waiting
{
    /// <summary>
    /// Posted when a wait begins. Its report fills while the wait runs, so whoever drains the events can say on
    /// Ctrl+C which images are still building, before the wait has returned anything.
    /// </summary>
    public sealed class WaitStartedEvent : EngineEvent
    {
        public WaitStartedEvent(WaitReport report) => Report = report;

        public WaitReport Report { get; }
    }
}
