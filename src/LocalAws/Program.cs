using System.Globalization;
using LocalAws;

var options = new LocalAwsOptions();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            options.Port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--pending-seconds" when i + 1 < args.Length:
            options.PendingSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--deregistered-visible-seconds" when i + 1 < args.Length:
            options.DeregisteredVisibleSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--accounts" when i + 1 < args.Length:
            options.GeneratedAccounts = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--account" when i + 1 < args.Length:
            options.AccountIds.Add(args[++i]);
            break;
        case "--help" or "-h" or "-?":
            Console.Out.WriteLine(LocalAwsUsage.Text);
            return 0;
        default:
            Console.Error.WriteLine($"LocalAws: unknown argument '{args[i]}'. Usage: LocalAws [--port N] [--pending-seconds S] [--deregistered-visible-seconds S] [--accounts N] [--account 123456789012]...");
            return 2;
    }
}

LocalAwsServer server;
try
{
    server = await LocalAwsServer.StartAsync(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"LocalAws: {e.Message}");
    return 2;
}
await using var running = server;
Console.Out.WriteLine($"LocalAws listening on {server.Url.ToString().TrimEnd('/')}");
Console.Out.Flush();

using var stop = new CancellationTokenSource();
// Signals are handled here rather than by the host so the process itself ends, not just the web app.
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
// A parent that holds our stdin as a pipe (test harness, script) stops us by closing it. Stdin from
// /dev/null (a background job) reads EOF at once, so only a pipe is watched.
if (StdinIsPipe()) _ = Task.Run(async () =>
{
    try
    {
        var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (await stdin.ReadAsync(buffer, stop.Token) > 0) { }
        stop.Cancel();
    }
    catch (OperationCanceledException) { }
});
try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
return 0;

static bool StdinIsPipe()
{
    if (!Console.IsInputRedirected) return false;
    if (!OperatingSystem.IsLinux()) return true;
    try { return new FileInfo("/proc/self/fd/0").LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true; }
    catch (IOException) { return false; }
}
