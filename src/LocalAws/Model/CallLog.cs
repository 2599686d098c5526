namespace LocalAws.Model;

/// <summary>API calls per account, region, action and role (for role sessions) since the last reset, for tests that assert call counts.</summary>
internal sealed class CallLog
{
    private readonly Dictionary<(string Account, string Region, string Action, string? RoleArn), int> _counts = new();

    public void Record(string account, string region, string action, string? roleArn = null)
    {
        var key = (account, region, action, roleArn);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    public void Clear() => _counts.Clear();

    public List<CallCount> Snapshot() => _counts
        .OrderBy(c => c.Key.Account, StringComparer.Ordinal).ThenBy(c => c.Key.Region, StringComparer.Ordinal).ThenBy(c => c.Key.Action, StringComparer.Ordinal)
        .ThenBy(c => c.Key.RoleArn, StringComparer.Ordinal)
        .Select(c => new CallCount(c.Key.Account, c.Key.Region, c.Key.Action, c.Value, IsMutating(c.Key.Action), c.Key.RoleArn))
        .ToList();

    // AssumeRole changes no resource: a -WhatIf run over a fleet assumes roles and must still count zero mutating calls.
    public static bool IsMutating(string action) =>
        !(action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
          || action == "AssumeRole");
}
