using System.Diagnostics;
using System.Management.Automation;
using LocalAws;

namespace AmiCmdlets.Tests;

/// <summary>Wait-Ami's progress stream and Ctrl+C, which only a hosted PowerShell can observe.</summary>
public sealed class WaitAmiHostedTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private PSCredential Key() => new(LocalAwsAccounts.DefaultAccessKey, Secure(LocalAwsAccounts.DefaultSecretKey));

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    /// <summary>A pending image made through CreateImage, so LocalAws keeps it pending for the given time.</summary>
    private async Task<string> PendingImageAsync(double pendingSeconds)
    {
        await _server.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = pendingSeconds } });
        var instanceId = (await _server.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance()] })).InstanceIds[0];
        using var shell = PowerShellHost.Create();
        var result = shell.AddCommand("New-GoldenAmi").AddParameter("InstanceId", instanceId).AddParameter("Name", "hosted-" + Guid.NewGuid().ToString("N")[..8])
            .AddParameter("Region", "us-east-1").AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key()).Invoke();
        return ((Ami)Assert.Single(result).BaseObject).ImageId;
    }

    private PowerShell WaitAmi(PowerShell shell, string imageId) => shell.AddCommand("Wait-Ami").AddParameter("ImageId", new[] { imageId })
        .AddParameter("Region", "us-east-1").AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key());

    [Fact]
    public async Task ShowsProgressPerImageAndCompletesIt()
    {
        var imageId = await PendingImageAsync(3);
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.3").Invoke();
        shell.Commands.Clear();
        var result = WaitAmi(shell, imageId).Invoke();
        Assert.Equal("available", ((Ami)Assert.Single(result).BaseObject).State);
        var progress = shell.Streams.Progress.ToList();
        Assert.Contains(progress, p => p.StatusDescription.Contains(imageId) && p.StatusDescription.Contains("pending"));
        Assert.Equal(ProgressRecordType.Completed, progress.Last().RecordType);
    }

    [Fact]
    public async Task WritesNoProgressWhenProgressIsOff()
    {
        var imageId = await PendingImageAsync(3);
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.3; $ProgressPreference = 'SilentlyContinue'").Invoke();
        shell.Commands.Clear();
        var result = WaitAmi(shell, imageId).Invoke();
        Assert.Equal("available", ((Ami)Assert.Single(result).BaseObject).State);
        Assert.False(shell.HadErrors);
        Assert.Empty(shell.Streams.Progress);
    }

    [Fact]
    public async Task StopEndsTheWaitWithinASecond()
    {
        var imageId = await PendingImageAsync(120);
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 5 -MaxPollIntervalSec 15").Invoke();
        shell.Commands.Clear();
        var running = WaitAmi(shell, imageId).BeginInvoke();
        await Task.Delay(1000);
        Assert.False(running.IsCompleted);
        var clock = Stopwatch.StartNew();
        shell.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {clock.Elapsed}");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }

    [Fact]
    public async Task StoppingSaysTheExactCommandThatResumesTheWait()
    {
        var first = await PendingImageAsync(120);
        var second = await PendingImageAsync(120);
        var host = new RecordingHost();
        using var shell = PowerShellHost.Create(host);
        shell.AddScript("Set-AmiContext -PollIntervalSec 5 -MaxPollIntervalSec 15").Invoke();
        shell.Commands.Clear();
        shell.AddCommand("Wait-Ami").AddParameter("ImageId", new[] { second, first }).AddParameter("Region", "us-east-1")
            .AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key());
        var running = shell.BeginInvoke();
        // Stop once the first poll has reported both images as pending: the wait is tracking them then.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (shell.Streams.Progress.Count(p => p.RecordType == ProgressRecordType.Processing) < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(running.IsCompleted);
        shell.Stop();

        var warning = Assert.Single(host.Warnings);
        var ids = string.Join(",", new[] { first, second }.Order(StringComparer.Ordinal));
        Assert.EndsWith("Resume with: Wait-Ami -ImageId " + ids + " -Region us-east-1 -EndpointUrl " + _server.Url, warning);
        Assert.DoesNotContain("<id>", warning);
    }
}
