using System.Management.Automation;
using LocalAws;

namespace AmiCmdlets.Tests;

/// <summary>Get-AmiUsage's progress while reports are pending, and Ctrl+C during that wait.</summary>
public sealed class GetAmiUsageHostedTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static PSCredential Key()
    {
        var secure = new System.Security.SecureString();
        foreach (var c in LocalAwsAccounts.DefaultSecretKey) secure.AppendChar(c);
        return new PSCredential(LocalAwsAccounts.DefaultAccessKey, secure);
    }

    /// <summary>An image whose usage reports stay pending for an hour.</summary>
    private async Task<string> ImageWithSlowReportsAsync()
    {
        await _server.Control.SetSettingsAsync(new EmulatorSettings { UsageReportSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        return (await _server.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "hosted-usage" }] })).ImageIds[0];
    }

    private PowerShell GetAmiUsage(PowerShell shell, string imageId) => shell.AddCommand("Get-AmiUsage").AddParameter("ImageId", new[] { imageId })
        .AddParameter("Region", "us-east-1").AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key());

    [Fact]
    public async Task ShowsProgressWhileReportsArePendingAndStopEndsTheWait()
    {
        var imageId = await ImageWithSlowReportsAsync();
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 0.1 -MaxPollIntervalSec 300").Invoke();
        shell.Commands.Clear();
        var running = GetAmiUsage(shell, imageId).BeginInvoke();
        // The lookup for reports to reuse, then two polls: the second one comes after a pause of 0.15 s, the next after 0.225 s ...
        await _server.Control.WaitForCallsAsync("DescribeImageUsageReports", 3);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!shell.Streams.Progress.Any(p => p.RecordType == ProgressRecordType.Processing) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Contains(shell.Streams.Progress, p => p.StatusDescription.Contains("0 of 1 available"));
        Assert.False(running.IsCompleted);
        await Task.Factory.FromAsync(shell.BeginStop, shell.EndStop, null).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(shell.Streams.Error);
    }
}
