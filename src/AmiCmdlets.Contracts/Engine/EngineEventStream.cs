using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace AmiCmdlets.Contracts.Engine
{
    /// <summary>
    /// A thread-safe queue of <see cref="EngineEvent"/>s from an engine operation to its consumer. The
    /// engine posts; the consumer enumerates until the producer completes the stream.
    /// </summary>
    public sealed class EngineEventStream : IDisposable
    {
        private readonly BlockingCollection<EngineEvent> _events = new BlockingCollection<EngineEvent>();

        public void Post(EngineEvent engineEvent)
        {
            // A consumer that stopped (Ctrl+C, -ErrorAction Stop) may have completed or even disposed the
            // stream while the engine still works: late events have nowhere to go and are dropped.
            // (ObjectDisposedException is an InvalidOperationException.)
            try { _events.Add(engineEvent); }
            catch (InvalidOperationException) { }
        }

        public void Output(object item) => Post(new OutputEvent(item));
        public void Error(AmiOperationException error) => Post(new ErrorEvent(error));
        public void Warning(string message) => Post(new WarningEvent(message));
        public void Verbose(string message) => Post(new VerboseEvent(message));
        public void Debug(string message) => Post(new DebugEvent(message));
        public void Information(string message) => Post(new InformationEvent(message));
        public void Progress(string key, string activity, string status, int percentComplete = -1) => Post(new ProgressEvent(key, activity, status, percentComplete));
        public void ProgressCompleted(string key, string activity) => Post(new ProgressEvent(key, activity, "Completed", 100, completed: true));

        public void Complete()
        {
            try { _events.CompleteAdding(); }
            catch (ObjectDisposedException) { }
        }

        /// <summary>Events as they arrive, until <see cref="Complete"/> or cancellation.</summary>
        public IEnumerable<EngineEvent> Consume(CancellationToken cancellationToken) => _events.GetConsumingEnumerable(cancellationToken);

        public void Dispose() => _events.Dispose();
    }
}
