using System.Net.Http.Json;
using LocalAws.Control;

namespace LocalAws;

/// <summary>Typed client of the control plane (/_localaws/*), for in-process tests and out-of-process hosts alike.</summary>
public sealed class LocalAwsControl : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    /// <param name="baseUrl">The server URL (e.g. http://127.0.0.1:50123/).</param>
    /// <param name="httpClient">Optional client to reuse; its BaseAddress is ignored.</param>
    public LocalAwsControl(Uri baseUrl, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl;
        _ownsClient = httpClient is null;
        _http = httpClient ?? new HttpClient();
    }

    public Uri BaseUrl { get; }

    /// <summary>
    /// Back to start-up state: base AMIs only, no seeds, counters, faults, settings or role refusals. Accounts
    /// (fixed, started with, added) and issued STS sessions stay valid.
    /// </summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => PostAsync("reset", new { }, cancellationToken);

    public async Task<SeedResult> SeedAsync(SeedRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("seed", request, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<SeedResult>(ControlPlane.Json, cancellationToken))!;
    }

    /// <summary>Replaces all injected faults with <paramref name="faults"/>.</summary>
    public Task SetFaultsAsync(FaultSettings faults, CancellationToken cancellationToken = default) => PostAsync("faults", faults, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) => PostAsync("faults", new FaultSettings(), cancellationToken);

    /// <summary>Ends every pending image's pending time now, so a test decides when images turn available, not the clock.</summary>
    public Task FinishPendingAsync(CancellationToken cancellationToken = default) => PostAsync("finish-pending", new { }, cancellationToken);

    /// <summary>Polls the call counters until <paramref name="count"/> calls of <paramref name="action"/> arrived (held ones count as they arrive).</summary>
    public async Task WaitForCallsAsync(string action, int count, string? region = null, CancellationToken cancellationToken = default)
    {
        // The limit only turns a hang into a failure: the count, not the time, ends the wait.
        var until = DateTime.UtcNow.AddMinutes(2);
        int arrived;
        while ((arrived = await CountCallsAsync(action, region: region, cancellationToken: cancellationToken)) < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Expected {count} {action} calls; {arrived} arrived in 2 minutes.");
            await Task.Delay(20, cancellationToken);
        }
    }

    public Task SetSettingsAsync(EmulatorSettings settings, CancellationToken cancellationToken = default) => PostAsync("settings", settings, cancellationToken);

    /// <summary>What instances' user data does: for one instance now, or as a rule (by tag or image) for instances launched later.</summary>
    public Task SetProvisioningAsync(ProvisioningBehaviour behaviour, CancellationToken cancellationToken = default) => PostAsync("provisioning", behaviour, cancellationToken);

    /// <summary>Every account LocalAws knows (the fixed three first, then added ones in order) with its long-term keys.</summary>
    public async Task<IReadOnlyList<LocalAwsAccount>> GetAccountsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(BaseUrl, ControlPlane.Prefix + "accounts"), cancellationToken);
        await EnsureSuccess(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<LocalAwsAccount>>(ControlPlane.Json, cancellationToken))!;
    }

    /// <summary>Adds accounts (idempotent) and answers each requested one with its keys, ids first, then the generated ones.</summary>
    public async Task<IReadOnlyList<LocalAwsAccount>> AddAccountsAsync(AddAccountsRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("accounts", request, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<LocalAwsAccount>>(ControlPlane.Json, cancellationToken))!;
    }

    /// <summary>Adds the next <paramref name="count"/> generated accounts (100000000001, ...).</summary>
    public Task<IReadOnlyList<LocalAwsAccount>> AddAccountsAsync(int count, CancellationToken cancellationToken = default) =>
        AddAccountsAsync(new AddAccountsRequest { Count = count }, cancellationToken);

    /// <summary>Replaces the roles and accounts that refuse sts:AssumeRole (AccessDenied); an empty document clears them.</summary>
    public Task SetRoleRefusalsAsync(RoleRefusalSettings refusals, CancellationToken cancellationToken = default) => PostAsync("role-refusals", refusals, cancellationToken);

    /// <summary>API calls since the last reset, one row per account, region and action.</summary>
    public async Task<IReadOnlyList<CallCount>> GetCallsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(BaseUrl, ControlPlane.Prefix + "calls"), cancellationToken);
        await EnsureSuccess(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<CallCount>>(ControlPlane.Json, cancellationToken))!;
    }

    /// <summary>Sum of the counts of one action over all accounts and regions (or one of each).</summary>
    public async Task<int> CountCallsAsync(string action, string? account = null, string? region = null, CancellationToken cancellationToken = default) =>
        (await GetCallsAsync(cancellationToken))
            .Where(c => c.Action == action && (account is null || c.Account == account) && (region is null || c.Region == region))
            .Sum(c => c.Count);

    public void Dispose()
    {
        if (_ownsClient) _http.Dispose();
    }

    private async Task PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, body, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        var response = await _http.PostAsJsonAsync(new Uri(BaseUrl, ControlPlane.Prefix + path), body, ControlPlane.Json, cancellationToken);
        await EnsureSuccess(response, cancellationToken);
        return response;
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Dispose();
        throw new InvalidOperationException($"LocalAws control plane answered {(int)response.StatusCode}: {text}");
    }
}
