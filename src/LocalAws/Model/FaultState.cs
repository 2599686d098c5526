namespace LocalAws.Model;

/// <summary>
/// Injected misbehaviour: latency, throttling, whole-region outages and denied accounts, each for every account or
/// one. Read and changed under the state lock (the delays themselves are awaited outside it).
/// </summary>
internal sealed class FaultState
{
    private readonly Dictionary<string, int> _latencyMs = new(StringComparer.Ordinal);
    private readonly List<ThrottleRule> _throttles = new();
    private readonly HashSet<string> _unavailableRegions = new(StringComparer.Ordinal);
    private readonly List<UnavailableFault> _unavailable = new();
    private readonly List<DenyFault> _deny = new();
    private readonly Dictionary<string, int> _accountLatencyMs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failNextImages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failNextCopies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _holdAfter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenByHold = new(StringComparer.Ordinal);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _jitterMs;
    private Random _jitterRandom = new(1);

    public void Clear()
    {
        _latencyMs.Clear();
        _throttles.Clear();
        _unavailableRegions.Clear();
        _unavailable.Clear();
        _deny.Clear();
        _accountLatencyMs.Clear();
        _failNextImages.Clear();
        _failNextCopies.Clear();
        _holdAfter.Clear();
        _seenByHold.Clear();
        // Held calls go on (to be answered normally) whenever the faults change.
        _release.TrySetResult();
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _jitterMs = 0;
        _jitterRandom = new Random(1);
    }

    /// <summary>Replaces all faults: posting <c>{}</c> clears them.</summary>
    public void Apply(FaultSettings settings)
    {
        // A bad document changes nothing.
        foreach (var deny in settings.Deny ?? [])
        {
            if (deny.Kind is not (DenyKinds.AuthFailure or DenyKinds.AccessDenied))
                throw new ArgumentException($"deny kind must be '{DenyKinds.AuthFailure}' or '{DenyKinds.AccessDenied}', got '{deny.Kind}'");
        }
        Clear();
        if (settings.LatencyMs is not null)
            foreach (var (action, ms) in settings.LatencyMs) _latencyMs[action] = Math.Max(0, ms);
        _jitterMs = Math.Max(0, settings.JitterMs);
        if (settings.Throttle is not null) _throttles.Add(new ThrottleRule(settings.Throttle));
        if (settings.Throttles is not null)
            foreach (var t in settings.Throttles) _throttles.Add(new ThrottleRule(t));
        if (settings.UnavailableRegions is not null) _unavailableRegions.UnionWith(settings.UnavailableRegions);
        if (settings.FailNextImages is not null)
            foreach (var (region, count) in settings.FailNextImages) _failNextImages[region] = Math.Max(0, count);
        if (settings.FailNextCopies is not null)
            foreach (var (region, count) in settings.FailNextCopies) _failNextCopies[region] = Math.Max(0, count);
        if (settings.HoldAfter is not null)
            foreach (var (action, count) in settings.HoldAfter) _holdAfter[action] = Math.Max(0, count);
        if (settings.Unavailable is not null) _unavailable.AddRange(settings.Unavailable);
        if (settings.Deny is not null) _deny.AddRange(settings.Deny);
        if (settings.AccountLatencyMs is not null)
            foreach (var (account, ms) in settings.AccountLatencyMs) _accountLatencyMs[account] = Math.Max(0, ms);
    }

    /// <summary>
    /// "holdAfter": null when the call goes on now; otherwise a task that completes when the faults are next
    /// replaced or cleared, until when the call waits unanswered and unapplied. A key "account/Action" counts and
    /// holds only that account's calls and wins over a plain "Action" key.
    /// </summary>
    public Task? HoldFor(string action, string? account = null)
    {
        var key = account is not null && _holdAfter.ContainsKey(account + "/" + action) ? account + "/" + action : action;
        if (!_holdAfter.TryGetValue(key, out var passing)) return null;
        var seen = _seenByHold.GetValueOrDefault(key) + 1;
        _seenByHold[key] = seen;
        return seen > passing ? _release.Task : null;
    }

    /// <summary>Consumes one "failNextImages" failure for an image being created in the region: keys "account/region", "account/*", region, "*".</summary>
    public bool TakeImageFailure(string region, string? account = null) => Take(_failNextImages, region, account);

    /// <summary>Consumes one "failNextCopies" failure for a CopyImage copy into the destination region (keys as for images).</summary>
    public bool TakeCopyFailure(string region, string? account = null) => Take(_failNextCopies, region, account);

    private static bool Take(Dictionary<string, int> failNext, string region, string? account)
    {
        string[] keys = account is null ? [region, "*"] : [account + "/" + region, account + "/*", region, "*"];
        foreach (var key in keys)
        {
            if (failNext.TryGetValue(key, out var n) && n > 0)
            {
                failNext[key] = n - 1;
                return true;
            }
        }
        return false;
    }

    public bool IsUnavailable(string account, string region)
    {
        if (_unavailableRegions.Contains(region)) return true;
        foreach (var rule in _unavailable)
        {
            if ((rule.Region == "*" || rule.Region == region) && (rule.Account is null || rule.Account == account)) return true;
        }
        return false;
    }

    /// <summary>The "deny" rule that refuses this account's call in this region, if any.</summary>
    public DenyFault? DenyFor(string account, string region)
    {
        foreach (var rule in _deny)
        {
            if (rule.Account == account && (rule.Region is null || rule.Region == region)) return rule;
        }
        return null;
    }

    public int LatencyFor(string action, string account)
    {
        var ms = _latencyMs.TryGetValue(action, out var v) ? v : _latencyMs.GetValueOrDefault("*");
        ms += _accountLatencyMs.GetValueOrDefault(account);
        if (_jitterMs > 0) ms += _jitterRandom.Next(0, _jitterMs + 1);
        return ms;
    }

    public bool ShouldThrottle(string account, string region, string action)
    {
        foreach (var rule in _throttles)
        {
            if (rule.Matches(account, region, action) && rule.Fire()) return true;
        }
        return false;
    }

    private sealed class ThrottleRule
    {
        private readonly ThrottleFault _fault;
        private readonly Random _random;
        private int? _remaining;

        public ThrottleRule(ThrottleFault fault)
        {
            _fault = fault;
            _remaining = fault.NextN;
            _random = new Random(fault.Seed ?? 0);
        }

        public bool Matches(string account, string region, string action) =>
            (_fault.Action is null or "*" || _fault.Action == action)
            && (_fault.Region is null || _fault.Region == region)
            && (_fault.Account is null || _fault.Account == account);

        public bool Fire()
        {
            if (_remaining is { } n)
            {
                if (n <= 0) return false;
                _remaining = n - 1;
                return true;
            }
            return _fault.Fraction is { } f && _random.NextDouble() < f;
        }
    }
}
