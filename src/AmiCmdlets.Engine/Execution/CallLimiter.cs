using System;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Execution;

/// <summary>
/// At most so many calls of one operation in flight, across all its places: EC2 has no batch form of the
/// per-resource calls (attributes, deletes), and hundreds at once would only be throttled. The limits are in
/// <see cref="CallLimits"/>.
/// </summary>
public sealed class CallLimiter
{
    private readonly SemaphoreSlim _slots;

    /// <summary>Never more than <see cref="CallLimits.MaxInFlight"/>, the most calls of one kind any operation allows.</summary>
    public CallLimiter(int maxInFlight) : this(new SemaphoreSlim(Math.Max(1, Math.Min(maxInFlight, CallLimits.MaxInFlight))))
    {
    }

    private CallLimiter(SemaphoreSlim slots) => _slots = slots;

    /// <summary>
    /// Places (an account in a region) worked on at once: <see cref="CallLimits.PlacesAtOnce"/>. Not capped by
    /// <see cref="CallLimits.MaxInFlight"/>, which bounds the connections of one client: each place has its own clients,
    /// and EC2 throttles each account in each region on its own.
    /// </summary>
    public static CallLimiter ForPlaces() => new CallLimiter(new SemaphoreSlim(CallLimits.PlacesAtOnce));

    /// <summary>Runs <paramref name="call"/> in a slot; only waiting for the slot is cancelled here.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return await call().ConfigureAwait(false); }
        finally { _slots.Release(); }
    }

    public Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        RunAsync(async () => { await call().ConfigureAwait(false); return true; }, cancellationToken);
}
