using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Execution;

/// <summary>
/// The one fan-out of the engine: work per place (an identity in a region: <see cref="ResolvedConnection"/>) or per item, all at once or under a <see cref="CallLimiter"/>. It owns the
/// rule every feature follows: an AWS error is translated; a fatal one (credentials, endpoint) is thrown once
/// every other place or item has finished (Task.WhenAll waits for them); any other is one error event with the
/// place (or item) as target, and the rest goes on. Cancellation is never reported as an error.
/// </summary>
public static class PlaceFanOut
{
    /// <summary>
    /// A place's name, the target of its errors: the region, and the account before it ("111122223333/eu-west-1")
    /// when the run spans accounts or goes through a role. Items are grouped by <see cref="ResolvedConnection.PlaceKey"/>.
    /// </summary>
    public static string NameOf(ResolvedConnection place) => place.NamesAccount ? place.IdentityName + "/" + place.Region : place.Region;

    /// <summary>Runs <paramref name="work"/> in every place at once; returns the places that failed.</summary>
    public static Task<IReadOnlyList<ResolvedConnection>> ForEachPlaceAsync(IEnumerable<ResolvedConnection> places, Func<ResolvedConnection, Task> work,
        Func<ResolvedConnection, string> context, EngineEventStream events, CancellationToken cancellationToken) =>
        ForEachAsync(places, work, NameOf, context, events, cancellationToken, CallLimiter.ForPlaces(), scopeOf: place => place.InFleet);

    /// <summary>Groups <paramref name="items"/> by place and runs <paramref name="work"/> once per place with its items, all places at once.</summary>
    public static async Task<IReadOnlyList<ResolvedConnection>> ForEachPlaceAsync<T>(IEnumerable<T> items, Func<T, ResolvedConnection> placeOf,
        Func<ResolvedConnection, IReadOnlyList<T>, Task> work, Func<ResolvedConnection, string> context, EngineEventStream events, CancellationToken cancellationToken,
        Action<ResolvedConnection, AmiOperationException>? report = null)
    {
        var groups = items.GroupBy(i => placeOf(i).PlaceKey, StringComparer.Ordinal).Select(g => (Place: placeOf(g.First()), Items: (IReadOnlyList<T>)g.ToList())).ToList();
        Action<(ResolvedConnection Place, IReadOnlyList<T> Items), AmiOperationException>? onFailure = report == null ? null : (g, error) => report(g.Place, error);
        var failed = await ForEachAsync(groups, g => work(g.Place, g.Items), g => NameOf(g.Place), g => context(g.Place), events, cancellationToken, CallLimiter.ForPlaces(),
            onFailure, g => g.Place.InFleet).ConfigureAwait(false);
        return failed.Select(g => g.Place).ToList();
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every item at once (each in a slot of <paramref name="limiter"/> when given); a
    /// failure is reported with <paramref name="target"/> of the item (to <paramref name="report"/>, else as an error
    /// event). Returns the items that failed. An item for which <paramref name="scopeOf"/> is true is one place of several
    /// accounts that were all reached: even a fatal failure there (an endpoint down, a key refused in that region) is
    /// that place's, reported like any other, and the other accounts go on.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> work, Func<T, string> target, Func<T, string?> context,
        EngineEventStream events, CancellationToken cancellationToken, CallLimiter? limiter = null, Action<T, AmiOperationException>? report = null,
        Func<T, bool>? scopeOf = null)
    {
        var failed = new ConcurrentQueue<T>();
        await Task.WhenAll(items.Select(async item =>
        {
            var failure = await TryAsync(() => limiter == null ? work(item) : limiter.RunAsync(() => work(item), cancellationToken),
                () => target(item), () => context(item), cancellationToken, scopeOf?.Invoke(item) ?? false).ConfigureAwait(false);
            if (failure == null) return;
            failed.Enqueue(item);
            if (report == null) events.Error(failure);
            else report(item, failure);
        })).ConfigureAwait(false);
        return failed.ToList();
    }

    /// <summary>
    /// The rule alone, for one read whose failure the caller turns into errors of its own: null when
    /// <paramref name="work"/> succeeded, the translated failure when it is not fatal; a fatal one is thrown.
    /// </summary>
    public static Task<AmiOperationException?> TryAsync(Func<Task> work, string target, string? context, CancellationToken cancellationToken) =>
        TryAsync(work, () => target, () => context, cancellationToken, placeScoped: false);

    /// <summary>
    /// The rule for one read in one place: the failure is named after the place (its account too), and even a fatal
    /// one is that place's when the place is one of a fleet (<see cref="StopsCommand"/>).
    /// </summary>
    public static Task<AmiOperationException?> TryAsync(Func<Task> work, ResolvedConnection place, string? context, CancellationToken cancellationToken) =>
        TryAsync(work, () => NameOf(place), () => context, cancellationToken, placeScoped: place.InFleet);

    /// <summary>
    /// Whether a failure in <paramref name="place"/> stops the whole command: a fatal one (credentials, endpoint) does
    /// when the command acts as one identity; in a fleet it is that account's alone, and the other accounts go on.
    /// </summary>
    public static bool StopsCommand(AmiOperationException error, ResolvedConnection place) => AwsErrorMap.IsFatal(error) && !place.InFleet;

    private static async Task<AmiOperationException?> TryAsync(Func<Task> work, Func<string> target, Func<string?> context, CancellationToken cancellationToken, bool placeScoped)
    {
        try
        {
            await work().ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = AwsErrorMap.Translate(exception, target(), context());
            if (AwsErrorMap.IsFatal(error) && !placeScoped) throw error;
            return error;
        }
    }
}
