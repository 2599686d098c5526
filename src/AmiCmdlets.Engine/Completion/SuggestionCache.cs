using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Completion;

/// <summary>
/// The budget every AWS-backed completer keeps. Tab completion blocks the user's prompt, so: at most one
/// call per (what, region, identity, endpoint) a minute, never more than two seconds of waiting, and a slow
/// or failing AWS means "no suggestions", never an exception. Failed or timed-out calls are not cached,
/// so the next Tab tries again.
/// </summary>
public sealed class SuggestionCache
{
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly object _gate = new object();
    private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
    private readonly Func<DateTime> _clock;
    private readonly TimeSpan _timeLimit;

    public SuggestionCache(Func<DateTime>? clock = null, TimeSpan? timeLimit = null)
    {
        _clock = clock ?? (() => DateTime.UtcNow);
        _timeLimit = timeLimit ?? DefaultTimeLimit;
    }

    /// <summary>The one cache the completers share (keys say what, where and as whom).</summary>
    public static SuggestionCache Shared { get; } = new SuggestionCache();

    /// <summary>
    /// Suggestions for the word being completed, from the connection the command line would use. Never
    /// throws: no region, a missing profile, no credentials, a slow or failing call all give none.
    /// </summary>
    internal IReadOnlyList<Suggestion> Suggest(AwsClientFactory clients, string kind, string service,
        ConnectionSettings parameters, ConnectionSettings? context, string? wordToComplete,
        Func<ResolvedConnection, CancellationToken, Task<IReadOnlyList<Suggestion>>> fetch)
    {
        try
        {
            var settings = parameters.Clone();
            // One request means one: a client without retries (the factory keys clients by attempts).
            settings.MaxAttempts = 1;
            var connection = clients.Resolver.Resolve(settings, context);
            var all = GetOrFetch(KeyFor(kind, connection, clients.Resolver, service), token => fetch(connection, token));
            return Suggestion.Matching(all, wordToComplete);
        }
        catch (Exception)
        {
            return Array.Empty<Suggestion>();
        }
    }

    /// <summary>
    /// What the cache holds for the key, or what one fresh fetch returns within the time limit; empty when
    /// the fetch fails or is too slow (it is then cancelled).
    /// </summary>
    internal IReadOnlyList<Suggestion> GetOrFetch(string key, Func<CancellationToken, Task<IReadOnlyList<Suggestion>>> fetch)
    {
        Entry entry;
        var now = _clock();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!) || now >= entry.ExpiresAt || entry.Answer.IsFaulted || entry.Answer.IsCanceled)
            {
                RemoveExpired(now);
                entry = new Entry(Start(fetch), now + Lifetime);
                _entries[key] = entry;
            }
        }
        try
        {
            // Another Tab may have started this fetch; either way nobody waits longer than the limit.
            if (entry.Answer.Wait(_timeLimit)) return entry.Answer.Result;
        }
        catch (Exception)
        {
            // Failed or cancelled: no suggestions this time, and the entry is replaced on the next Tab.
        }
        return Array.Empty<Suggestion>();
    }

    /// <summary>
    /// The cache key for one kind of suggestion on one connection. The default credential chain gives no
    /// identity of its own, so the environment's access key id and profile stand in for it.
    /// </summary>
    internal static string KeyFor(string kind, ResolvedConnection connection, ConnectionResolver resolver, string service)
    {
        var identity = connection.IdentityKey;
        if (identity.StartsWith("default", StringComparison.Ordinal))
        {
            identity += "|" + Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") + "|" + Environment.GetEnvironmentVariable("AWS_PROFILE");
        }
        return kind + "|" + connection.Region + "|" + identity + "|" + (resolver.EndpointFor(connection, service) ?? "");
    }

    private Task<IReadOnlyList<Suggestion>> Start(Func<CancellationToken, Task<IReadOnlyList<Suggestion>>> fetch)
    {
        var limit = new CancellationTokenSource(_timeLimit);
        // On a worker: credential resolution inside the SDK may block, and the prompt must not.
        var answer = Task.Run(() => fetch(limit.Token));
        answer.ContinueWith(_ => limit.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return answer;
    }

    private void RemoveExpired(DateTime now)
    {
        var expired = new List<string>();
        foreach (var pair in _entries) if (now >= pair.Value.ExpiresAt) expired.Add(pair.Key);
        foreach (var key in expired) _entries.Remove(key);
    }

    private sealed class Entry
    {
        public Entry(Task<IReadOnlyList<Suggestion>> answer, DateTime expiresAt)
        {
            Answer = answer;
            ExpiresAt = expiresAt;
        }

        public Task<IReadOnlyList<Suggestion>> Answer { get; }
        public DateTime ExpiresAt { get; }
    }
}
