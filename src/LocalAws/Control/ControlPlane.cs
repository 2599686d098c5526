using System.Text.Json;
using System.Text.Json.Serialization;
using LocalAws.Model;

namespace LocalAws.Control;

/// <summary>/_localaws/*: test-only endpoints to reset, seed, inspect calls and inject faults. Loopback callers only.</summary>
internal sealed class ControlPlane
{
    public const string Prefix = "/_localaws/";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly EmulatorState _state;

    public ControlPlane(EmulatorState state) => _state = state;

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            await Reply(context, 403, new { error = "the control plane answers loopback callers only" });
            return;
        }
        var path = context.Request.Path.Value![Prefix.Length..].TrimEnd('/');
        var method = context.Request.Method;
        try
        {
            switch ((method, path))
            {
                case ("POST", "reset"):
                    lock (_state.Lock) _state.Reset();
                    await Reply(context, 200, new { reset = true });
                    return;
                case ("POST", "seed"):
                    var seed = await Read<SeedRequest>(context);
                    SeedResult result;
                    lock (_state.Lock) result = Seeder.Seed(_state, seed);
                    await Reply(context, 200, result);
                    return;
                case ("GET", "calls"):
                    List<CallCount> calls;
                    lock (_state.Lock) calls = _state.Calls.Snapshot();
                    await Reply(context, 200, calls);
                    return;
                case ("POST", "faults"):
                    var faults = await Read<FaultSettings>(context);
                    lock (_state.Lock) _state.Faults.Apply(faults);
                    await Reply(context, 200, new { faults = true });
                    return;
                case ("POST", "finish-pending"):
                    int finished;
                    lock (_state.Lock) finished = _state.FinishPending();
                    await Reply(context, 200, new { finished });
                    return;
                case ("POST", "settings"):
                    var settings = await Read<EmulatorSettings>(context);
                    lock (_state.Lock)
                    {
                        foreach (var (region, seconds) in settings.PendingSeconds ?? new Dictionary<string, double>())
                            _state.PendingSeconds[region] = Math.Max(0, seconds);
                        foreach (var (region, seconds) in settings.DeregisteredVisibleSeconds ?? new Dictionary<string, double>())
                            _state.DeregisteredVisibleSeconds[region] = Math.Max(0, seconds);
                        if (settings.RoleSessionSeconds is { } roleSeconds) _state.RoleSessionSeconds = roleSeconds > 0 ? roleSeconds : null;
                        foreach (var (region, seconds) in settings.UsageReportSeconds ?? new Dictionary<string, double>())
                            _state.UsageReports.PendingSeconds[region] = Math.Max(0, seconds);
                        if (settings.FailNextUsageReports is { } failNext) _state.UsageReports.FailNext(failNext);
                        foreach (var (region, seconds) in settings.SnapshotArchiveSeconds ?? new Dictionary<string, double>())
                            _state.Tiering.ArchiveSeconds[region] = Math.Max(0, seconds);
                        foreach (var (region, seconds) in settings.SnapshotRestoreSeconds ?? new Dictionary<string, double>())
                            _state.Tiering.RestoreSeconds[region] = Math.Max(0, seconds);
                    }
                    await Reply(context, 200, new { settings = true });
                    return;
                case ("POST", "provisioning"):
                    await Reply(context, 200, new { provisioning = ApplyProvisioning(await Read<ProvisioningBehaviour>(context)) });
                    return;
                case ("GET", "accounts"):
                    await Reply(context, 200, _state.Accounts.All().Select(AccountOf).ToList());
                    return;
                case ("POST", "accounts"):
                    await Reply(context, 200, AddAccounts(await Read<AddAccountsRequest>(context)));
                    return;
                case ("POST", "role-refusals"):
                    var refusals = await Read<RoleRefusalSettings>(context);
                    var roles = ParseRefusedRoles(refusals);
                    foreach (var account in refusals.Accounts ?? []) AccountRegistry.Validate(account);
                    var externalIds = (refusals.RequireExternalId ?? new Dictionary<string, string>())
                        .Select(e => (ParseRefusedRole(e.Key), e.Value)).ToList();
                    lock (_state.Lock) _state.RoleRefusals.Replace(roles, refusals.Accounts ?? [], externalIds);
                    await Reply(context, 200, new { roleRefusals = true });
                    return;
                default:
                    await Reply(context, 404, new { error = $"no control endpoint {method} {Prefix}{path}" });
                    return;
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            await Reply(context, 400, new { error = e.Message });
        }
    }

    /// <summary>A behaviour for one running instance now, or a rule for instances launched later; answers the instances changed now.</summary>
    private int ApplyProvisioning(ProvisioningBehaviour behaviour)
    {
        if (behaviour.Outcome is not ("stop" or "fail" or "never" or "terminate"))
            throw new ArgumentException($"outcome must be stop, fail, never or terminate, got '{behaviour.Outcome}'");
        lock (_state.Lock)
        {
            if (behaviour.Clear) _state.Provisioning.Clear();
            if (behaviour.InstanceId is null)
            {
                if (behaviour.TagKey is not null || behaviour.ImageId is not null) _state.Provisioning.Add(behaviour);
                return 0;
            }
            var instance = _state.AllInstances().FirstOrDefault(i => i.InstanceId == behaviour.InstanceId)
                ?? throw new ArgumentException($"no instance {behaviour.InstanceId}");
            instance.Provisioning = InstanceProvisioning.From(behaviour, instance.UserData, _state.Now, _state.PendingSecondsFor(instance.Region));
            return 1;
        }
    }

    private List<LocalAwsAccount> AddAccounts(AddAccountsRequest request)
    {
        var ids = new List<string>();
        if (request.AccountId is { } one) ids.Add(one);
        ids.AddRange(request.AccountIds ?? []);
        // Every id is checked before any is added, so a bad request adds nothing.
        foreach (var id in ids) AccountRegistry.Validate(id);
        if (request.Count is < 0 or > AccountRegistry.MaxAddedPerRequest)
            throw new ArgumentException($"count must be 0..{AccountRegistry.MaxAddedPerRequest}, got {request.Count}");
        var added = ids.Select(_state.Accounts.Add).ToList();
        added.AddRange(_state.Accounts.AddGenerated(request.Count));
        return added.Select(AccountOf).ToList();
    }

    private static LocalAwsAccount AccountOf(Principal p) => new(p.Account, p.AccessKey, p.SecretKey);

    private static List<(string Account, string RoleName)> ParseRefusedRoles(RoleRefusalSettings refusals) =>
        (refusals.RoleArns ?? []).Select(ParseRefusedRole).ToList();

    private static (string Account, string RoleName) ParseRefusedRole(string arn) => Sts.RoleArn.TryParse(arn) is { } role
        ? (role.Account, role.Name)
        : throw new ArgumentException($"not a role ARN: '{arn}' (arn:aws:iam::123456789012:role/Name; partitions aws, aws-cn, aws-us-gov)");

    private static async Task<T> Read<T>(HttpContext context) where T : class
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(text) ? "{}" : text, Json)
            ?? throw new JsonException("the request body must be a JSON object");
    }

    private static async Task Reply<T>(HttpContext context, int status, T body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}
