using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AmiCmdlets.Contracts.Engine;

/// <summary>
/// A thread-safe queue of <see cref="EngineEvent"/>s from an engine operation to its consumer. The
/// engine posts; the consumer enumerates until the producer completes the stream.
/// </summary>
public sealed class EngineEventStream : IDisposable
{
    private readonly BlockingCollection<(EngineEvent Event, bool HoldsRoom)> _events = new BlockingCollection<(EngineEvent Event, bool HoldsRoom)>();

    // Free places for outputs that wait (OutputAsync); null when the stream is unbounded. Neither this nor
    // _abandoned is disposed: a producer may still be inside a wait when the consumer disposes the stream,
    // and without a wait handle asked for, both hold nothing but managed memory.
    private readonly SemaphoreSlim? _room;
    private readonly CancellationTokenSource _abandoned = new CancellationTokenSource();

    /// <summary>An unbounded stream: for a consumer that reads only once the operation is done.</summary>
    public EngineEventStream()
    {
    }

    /// <summary>
    /// A stream where at most <paramref name="capacity"/> outputs posted with <see cref="OutputAsync"/> wait
    /// for the consumer: a producer that streams thousands of items goes no faster than they are read, so
    /// memory stays flat. Only for a consumer that reads while the operation runs.
    /// </summary>
    public EngineEventStream(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _room = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>Posts at once, bounded or not: errors, warnings and single results are few.</summary>
    public void Post(EngineEvent engineEvent) => Add(engineEvent, holdsRoom: false);

    /// <summary>
    /// Posts an output once the stream has room for it (at once when unbounded). Cancelled with
    /// <paramref name="cancellationToken"/>; dropped, like any late event, when the consumer has gone.
    /// </summary>
    public Task OutputAsync(object item, CancellationToken cancellationToken)
    {
        if (_room == null || _room.Wait(0))
        {
            Add(new OutputEvent(item), holdsRoom: _room != null);
            return Task.CompletedTask;
        }
        return OutputWhenRoomAsync(item, cancellationToken);
    }

    private async Task OutputWhenRoomAsync(object item, CancellationToken cancellationToken)
    {
        using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandoned.Token))
        {
            try { await _room!.WaitAsync(either.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { return; }
        }
        Add(new OutputEvent(item), holdsRoom: true);
    }

    private void Add(EngineEvent engineEvent, bool holdsRoom)
    {
        // A consumer that stopped (Ctrl+C, -ErrorAction Stop) may have completed or even disposed the
        // stream while the engine still works: late events have nowhere to go and are dropped.
        // (ObjectDisposedException is an InvalidOperationException.)
        try { _events.Add((engineEvent, holdsRoom)); }
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
    public IEnumerable<EngineEvent> Consume(CancellationToken cancellationToken)
    {
        foreach (var queued in _events.GetConsumingEnumerable(cancellationToken))
        {
            // Taken is read: the producer may queue the next output while this one is written.
            if (queued.HoldsRoom) _room!.Release();
            yield return queued.Event;
        }
    }

    public void Dispose()
    {
        // Producers still waiting for room will get none: they drop their outputs and go on to the end.
        _abandoned.Cancel();
        _events.Dispose();
    }
}
