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
                        foreach (var (region, seconds) in settings.SnapshotArchiveSeconds ?? new Dictionary<string, double>())
                            _state.Tiering.ArchiveSeconds[region] = Math.Max(0, seconds);
                        foreach (var (region, seconds) in settings.SnapshotRestoreSeconds ?? new Dictionary<string, double>())
                            _state.Tiering.RestoreSeconds[region] = Math.Max(0, seconds);
                    }
                    await Reply(context, 200, new { settings = true });
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
