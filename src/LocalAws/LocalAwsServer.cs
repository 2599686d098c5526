using System.Net;
using LocalAws.Control;
using LocalAws.Model;
using LocalAws.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LocalAws;

/// <summary>
/// The emulator, hosted on 127.0.0.1 only. One instance per test fixture: start it, point SDK clients at
/// <see cref="Url"/> (ServiceURL plus AuthenticationRegion), and drive its state through <see cref="Control"/>.
/// </summary>
public sealed class LocalAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalAwsServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Control = new LocalAwsControl(url);
    }

    /// <summary>Base address, e.g. http://127.0.0.1:50123/ (API at "/", control plane at "/_localaws/").</summary>
    public Uri Url { get; }

    public LocalAwsControl Control { get; }

    public static async Task<LocalAwsServer> StartAsync(LocalAwsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalAwsOptions();
        // Bad account options fail here, before anything listens.
        var accounts = new AccountRegistry();
        accounts.AddGenerated(options.GeneratedAccounts);
        foreach (var id in options.AccountIds) accounts.Add(id);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalAwsServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Stdout belongs to the single "listening" line; hosts parse it.
        builder.Logging.ClearProviders();
        // The default console lifetime would swallow SIGTERM/Ctrl+C of the hosting process (a test runner,
        // or Program.cs, which handles them itself) and stop only the web app, leaving the process alive.
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });

        var state = new EmulatorState(options.TimeProvider, options.PendingSeconds, options.DeregisteredVisibleSeconds, accounts);
        var api = new AwsEndpoint(state, new CredentialStore(accounts));
        var control = new ControlPlane(state);

        var app = builder.Build();
        app.Run(context => context.Request.Path.StartsWithSegments("/_localaws", StringComparison.Ordinal)
            ? control.HandleAsync(context)
            : api.HandleAsync(context));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new LocalAwsServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
