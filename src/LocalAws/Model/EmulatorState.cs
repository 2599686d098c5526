namespace LocalAws.Model;

/// <summary>
/// The whole emulated cloud. Every handler runs under <see cref="Lock"/>: requests are short and one
/// lock keeps cross-account and cross-region operations (copy, share) trivially consistent.
/// </summary>
internal sealed class EmulatorState
{
    private readonly Dictionary<string, RegionImages> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, string Region), AccountRegion> _scopes = new();
    private readonly double _startupPendingSeconds;

    private readonly double _startupDeregisteredVisibleSeconds;

    public EmulatorState(TimeProvider clock, double startupPendingSeconds, double startupDeregisteredVisibleSeconds = DefaultDeregisteredVisibleSeconds, AccountRegistry? accounts = null)
    {
        Clock = clock;
        Accounts = accounts ?? new AccountRegistry();
        _startupPendingSeconds = startupPendingSeconds;
        _startupDeregisteredVisibleSeconds = startupDeregisteredVisibleSeconds;
        Reset();
    }

    /// <summary>How long a deregistered image stays listed by default: AWS says "a short interval"; an hour is a guess.</summary>
    public const double DefaultDeregisteredVisibleSeconds = 3600;

    public object Lock { get; } = new();
    public TimeProvider Clock { get; }
    public DateTimeOffset Now => Clock.GetUtcNow();
    /// <summary>Every known account and its long-term keys; survives <see cref="Reset"/> (thread-safe on its own).</summary>
    public AccountRegistry Accounts { get; }
    /// <summary>Roles and accounts that refuse sts:AssumeRole (POST /_localaws/role-refusals); cleared by <see cref="Reset"/>.</summary>
    public RoleRefusals RoleRefusals { get; } = new();
    /// <summary>When set (settings "roleSessionSeconds"), AssumeRole sessions expire this long after they are issued, whatever DurationSeconds asked.</summary>
    public double? RoleSessionSeconds { get; set; }
    public IdGenerator Ids { get; } = new();
    public CallLog Calls { get; } = new();
    public FaultState Faults { get; } = new();
    /// <summary>KMS keys, aliases and grants of every account and region.</summary>
    public KmsStore Kms { get; } = new();
    /// <summary>EC2 ClientToken idempotency records (CopyImage).</summary>
    public ClientTokens ClientTokens { get; } = new();
    /// <summary>Image usage reports of every account and region (CreateImageUsageReport).</summary>
    public ImageUsageReports UsageReports { get; } = new();
    /// <summary>How long snapshot archives and restores take (settings).</summary>
    public TieringTimes Tiering { get; } = new();
    /// <summary>Provisioning behaviours for instances launched later (POST /_localaws/provisioning).</summary>
    public ProvisioningRules Provisioning { get; } = new();

    /// <summary>Region (or "*") -> seconds a new image stays pending.</summary>
    public Dictionary<string, double> PendingSeconds { get; } = new(StringComparer.Ordinal);

    public double PendingSecondsFor(string region) =>
        PendingSeconds.TryGetValue(region, out var s) ? s : PendingSeconds.GetValueOrDefault("*", 0);

    /// <summary>Region (or "*") -> seconds a deregistered image is still listed by DescribeImages (state "deregistered").</summary>
    public Dictionary<string, double> DeregisteredVisibleSeconds { get; } = new(StringComparer.Ordinal);

    public double DeregisteredVisibleSecondsFor(string region) =>
        DeregisteredVisibleSeconds.TryGetValue(region, out var s) ? s : DeregisteredVisibleSeconds.GetValueOrDefault("*", 0);

    public RegionImages Images(string region)
    {
        if (!_images.TryGetValue(region, out var images)) _images[region] = images = new RegionImages();
        return images;
    }

    public AccountRegion Scope(string account, string region)
    {
        if (!_scopes.TryGetValue((account, region), out var scope)) _scopes[(account, region)] = scope = new AccountRegion(account, region);
        return scope;
    }

    /// <summary>Every account's resources in one region (snapshot visibility crosses accounts).</summary>
    public IEnumerable<AccountRegion> ScopesIn(string region) => _scopes.Values.Where(s => s.Region == region);

    /// <summary>Every instance of every account and region (control-plane lookups by id).</summary>
    public IEnumerable<Instance> AllInstances() => _scopes.Values.SelectMany(s => s.Instances.Values);

    /// <summary>Finds a snapshot in a region whatever its owner (images may reference another account's).</summary>
    public Snapshot? FindSnapshot(string region, string snapshotId)
    {
        foreach (var ((_, r), scope) in _scopes)
        {
            if (r == region && scope.Snapshots.TryGetValue(snapshotId, out var snapshot)) return snapshot;
        }
        return null;
    }

    /// <summary>
    /// Ends the pending time of every pending image and snapshot now: the next read sees the image available (or
    /// failed, as injected). Lets a test hold images pending for as long as it needs, then release them, without timing.
    /// </summary>
    public int FinishPending()
    {
        var now = Now;
        var finished = 0;
        foreach (var image in _images.Values.SelectMany(images => images.All))
        {
            if (image.State != ImageStates.Pending || image.AvailableAt is not { } at || at <= now) continue;
            image.AvailableAt = now;
            finished++;
        }
        foreach (var snapshot in _scopes.Values.SelectMany(scope => scope.Snapshots.Values))
        {
            if (snapshot.CompletesAt is { } at && at > now) snapshot.CompletesAt = now;
            snapshot.Tier.FinishNow(now);
        }
        return finished;
    }

    public void Reset()
    {
        _images.Clear();
        _scopes.Clear();
        Ids.Reset();
        Calls.Clear();
        Faults.Clear();
        RoleRefusals.Clear();
        RoleSessionSeconds = null;
        Kms.Clear();
        UsageReports.Clear();
        ClientTokens.Clear();
        Tiering.Clear();
        Provisioning.Clear();
        PendingSeconds.Clear();
        PendingSeconds["*"] = _startupPendingSeconds;
        DeregisteredVisibleSeconds.Clear();
        DeregisteredVisibleSeconds["*"] = _startupDeregisteredVisibleSeconds;
        foreach (var region in Regions.All) BaseImages.AddTo(this, region);
    }
}
