namespace LocalAws.Model;

/// <summary>
/// Image usage reports (CreateImageUsageReport and friends) of every account and region. A report is pending
/// for <see cref="PendingSecondsFor"/> (a control-plane setting), then available with entries counted at that
/// moment from every account's instances and launch templates in the image's region, or "error" when a
/// failure was injected. Reports are deleted 30 days after creation, as AWS documents.
/// </summary>
internal sealed class ImageUsageReports
{
    /// <summary>AWS: "Amazon EC2 automatically deletes a report 30 days after creation."</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly Dictionary<string, ImageUsageReport> _byId = new(StringComparer.Ordinal);
    private int _failNext;

    /// <summary>Region (or "*") -> seconds a new report stays pending.</summary>
    public Dictionary<string, double> PendingSeconds { get; } = new(StringComparer.Ordinal);

    public double PendingSecondsFor(string region) =>
        PendingSeconds.TryGetValue(region, out var s) ? s : PendingSeconds.GetValueOrDefault("*", 0);

    /// <summary>The next so many reports created end in state "error" instead of available.</summary>
    public void FailNext(int count) => _failNext = Math.Max(0, count);

    public bool TakeFailure()
    {
        if (_failNext <= 0) return false;
        _failNext--;
        return true;
    }

    public void Add(ImageUsageReport report) => _byId[report.ReportId] = report;

    public bool Remove(string reportId) => _byId.Remove(reportId);

    /// <summary>The live (not expired) reports of one account and region, settled to <paramref name="now"/>.</summary>
    public IEnumerable<ImageUsageReport> Of(EmulatorState state, string account, string region, DateTimeOffset now)
    {
        foreach (var expired in _byId.Values.Where(r => r.ExpirationTime <= now).Select(r => r.ReportId).ToList()) _byId.Remove(expired);
        foreach (var report in _byId.Values)
        {
            if (report.Account != account || report.Region != region) continue;
            report.Settle(state, now);
            yield return report;
        }
    }

    public void Clear()
    {
        _byId.Clear();
        _failNext = 0;
        PendingSeconds.Clear();
        PendingSeconds["*"] = 0;
    }
}

internal sealed class ImageUsageReport
{
    public required string ReportId { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string ImageId { get; init; }
    /// <summary>Empty: every account.</summary>
    public required IReadOnlyList<string> AccountIds { get; init; }
    /// <summary>Resource type -> launch template version depth (ec2:LaunchTemplate) or 0.</summary>
    public required IReadOnlyList<(string Type, int? VersionDepth)> ResourceTypes { get; init; }
    public DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset ExpirationTime => CreationTime + ImageUsageReports.Lifetime;
    public DateTimeOffset AvailableAt { get; init; }
    public bool FailWhenDue { get; init; }
    public string State { get; private set; } = "pending";
    public string? StateReason { get; private set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public List<(string AccountId, string ResourceType, long Count)> Entries { get; } = new();

    /// <summary>
    /// pending -> available (or error) once due. The entries are counted at that moment: a report is a
    /// point-in-time view (AWS: "it might not contain the most recent activity"; LocalAws has no lag).
    /// </summary>
    public void Settle(EmulatorState state, DateTimeOffset now)
    {
        if (State != "pending" || AvailableAt > now) return;
        if (FailWhenDue)
        {
            State = "error";
            // The reason's wording is a guess: AWS documents only that stateReason explains an error.
            StateReason = "An internal error occurred while creating the report.";
            return;
        }
        var wanted = AccountIds.Count == 0 ? null : new HashSet<string>(AccountIds, StringComparer.Ordinal);
        foreach (var scope in state.ScopesIn(Region).OrderBy(s => s.Account, StringComparer.Ordinal))
        {
            // Reports show use by OTHER accounts (the owner's own: DescribeImageReferences).
            if (scope.Account == Account || (wanted is not null && !wanted.Contains(scope.Account))) continue;
            foreach (var (type, depth) in ResourceTypes)
            {
                long count = type == "ec2:Instance"
                    ? scope.Instances.Values.Count(i => i.ImageId == ImageId && i.State != "terminated")
                    // AWS: "if an AMI is referenced in multiple versions of a launch template, the count is only 1".
                    : scope.LaunchTemplates.Values.Count(t => t.Versions.OrderByDescending(v => v.Number).Take(depth ?? 20).Any(v => v.ImageId == ImageId));
                if (count > 0) Entries.Add((scope.Account, type, count));
            }
        }
        State = "available";
    }
}
