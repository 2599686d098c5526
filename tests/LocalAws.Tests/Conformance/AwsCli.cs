using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Xunit;

namespace LocalAws.Tests.Conformance;

/// <summary>One run of the AWS CLI: exit code, output, and the error the CLI printed, if any.</summary>
public sealed partial record CliResult(int ExitCode, string Stdout, string Stderr, string CommandLine)
{
    /// <summary>Stdout parsed as JSON (the CLI runs with --output json); an empty output is JSON null.</summary>
    public JsonElement Json => string.IsNullOrWhiteSpace(Stdout) ? default : JsonDocument.Parse(Stdout).RootElement.Clone();

    /// <summary>The code in "An error occurred (Code) when calling the X operation: message", as the CLI prints service errors.</summary>
    public string? ErrorCode => ErrorLine().Match(Stderr) is { Success: true } m ? m.Groups["code"].Value : null;

    public string? ErrorOperation => ErrorLine().Match(Stderr) is { Success: true } m ? m.Groups["operation"].Value : null;

    public string? ErrorMessage => ErrorLine().Match(Stderr) is { Success: true } m ? m.Groups["message"].Value.Trim() : null;

    public override string ToString() => $"{CommandLine}\nexit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";

    [GeneratedRegex(@"An error occurred \((?<code>[^)]+)\) when calling the (?<operation>\w+) operation(?: \(reached max retries: \d+\))?: (?<message>.*)")]
    private static partial Regex ErrorLine();
}

/// <summary>
/// Debian's AWS CLI (/usr/bin/aws, awscli 2.9.19: an independent client with its own botocore model)
/// pointed at LocalAws. Nothing from the developer's environment leaks in: AWS_* variables are removed,
/// config and credentials files are empty temp files, IMDS is off and the pager is disabled.
/// </summary>
public sealed class AwsCli
{
    public const string Executable = "/usr/bin/aws";

    /// <summary>Python start-up dominates a CLI call and the machine has two cores: more at once only queues.</summary>
    private static readonly SemaphoreSlim Slots = new(3);

    private readonly Uri _endpoint;
    private readonly string _emptyFile;
    private readonly ImmutableCredentials _credentials;

    public AwsCli(Uri endpoint, string emptyFile, AWSCredentials credentials)
    {
        _endpoint = endpoint;
        _emptyFile = emptyFile;
        _credentials = credentials.GetCredentials();
    }

    public AwsCli As(AWSCredentials credentials) => new(_endpoint, _emptyFile, credentials);

    public static void RequireInstalled()
    {
        if (!File.Exists(Executable))
            Assert.Fail($"{Executable} is missing: the LocalAws conformance suite drives Debian's AWS CLI. Run the build script " +
                "(./build.ps1 -Task Test installs it with apt-get) or install it yourself: apt-get install -y awscli");
    }

    public async Task<CliResult> RunAsync(string region, params string[] args)
    {
        RequireInstalled();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--region", region, "--output", "json" }.Concat(args))
            start.ArgumentList.Add(a);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["AWS_ACCESS_KEY_ID"] = _credentials.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = _credentials.SecretKey;
        if (_credentials.UseToken) start.Environment["AWS_SESSION_TOKEN"] = _credentials.Token;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CONFIG_FILE"] = _emptyFile;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = _emptyFile;
        start.Environment["PYTHONWARNINGS"] = "ignore";
        var commandLine = "aws --region " + region + " " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

        await Slots.WaitAsync();
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{commandLine} did not finish within 90 s");
            }
            return new CliResult(process.ExitCode, await stdout, await stderr, commandLine);
        }
        finally
        {
            Slots.Release();
        }
    }

    /// <summary>Runs a call that must succeed (exit 0); returns its JSON output.</summary>
    public async Task<JsonElement> OkAsync(string region, params string[] args)
    {
        var result = await RunAsync(region, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    /// <summary>Runs a call that must fail with a service error: exit 254 and the CLI's error line with <paramref name="code"/>.</summary>
    public async Task<CliResult> FailsAsync(string region, string code, params string[] args)
    {
        var result = await RunAsync(region, args);
        Assert.True(result.ExitCode == 254, result.ToString());
        Assert.True(result.ErrorCode == code, $"expected {code}\n{result}");
        return result;
    }
}

/// <summary>A LocalAws per conformance class (classes run in parallel; tests inside one share state and use their own regions).</summary>
public sealed class AwsCliFixture : IAsyncLifetime
{
    private string? _dir;
    private LocalAwsServer? _server;

    public LocalAwsServer Server => _server ?? throw new InvalidOperationException("not started");

    public LocalAwsControl Control => Server.Control;

    public AwsCli Cli { get; private set; } = null!;

    public AwsCli CliB => Cli.As(Keys.AccountB);

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await LocalAwsServer.StartAsync();
        _dir = Directory.CreateTempSubdirectory("localaws-cli-").FullName;
        var empty = Path.Combine(_dir, "empty");
        await File.WriteAllTextAsync(empty, "");
        Cli = new AwsCli(_server.Url, empty, Keys.Default);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_dir is not null) Directory.Delete(_dir, recursive: true);
    }
}
