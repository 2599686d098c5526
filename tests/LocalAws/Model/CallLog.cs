namespace LocalAws.Model;

/// <summary>API calls per account, region and action since the last reset, for tests that assert call counts.</summary>
internal sealed class CallLog
{
    private readonly Dictionary<(string Account, string Region, string Action), int> _counts = new();

    public void Record(string account, string region, string action)
    {
        var key = (account, region, action);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    public void Clear() => _counts.Clear();

    public List<CallCount> Snapshot() => _counts
        .OrderBy(c => c.Key.Account, StringComparer.Ordinal).ThenBy(c => c.Key.Region, StringComparer.Ordinal).ThenBy(c => c.Key.Action, StringComparer.Ordinal)
        .Select(c => new CallCount(c.Key.Account, c.Key.Region, c.Key.Action, c.Value, IsMutating(c.Key.Action)))
        .ToList();

    // AssumeRole changes nothing in the account: it hands out a session, as GetCallerIdentity answers a question.
    public static bool IsMutating(string action) =>
        !(action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
          || action == "AssumeRole");
}
