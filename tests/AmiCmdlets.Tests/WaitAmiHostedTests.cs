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

    /// <summary>
    /// A pending image made through CreateImage. LocalAws keeps it pending for an hour: the test ends that with
    /// <see cref="LocalAwsControl.FinishPendingAsync"/> when it has seen what it needs, rather than racing a clock.
    /// </summary>
    private async Task<string> PendingImageAsync()
    {
        await _server.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        var instanceId = (await _server.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance()] })).InstanceIds[0];
        using var shell = PowerShellHost.Create();
        var result = shell.AddCommand("New-GoldenAmi").AddParameter("InstanceId", instanceId).AddParameter("Name", "hosted-" + Guid.NewGuid().ToString("N")[..8])
            .AddParameter("Region", "us-east-1").AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key()).Invoke();
        return ((Ami)Assert.Single(result).BaseObject).ImageId;
    }

    /// <summary>
    /// Runs Wait-Ami until it has polled twice (so the first poll's answer, pending, was handled), then lets the
    /// image turn available and returns what the command output.
    /// </summary>
    private async Task<PSDataCollection<PSObject>> WaitUntilReleasedAsync(PowerShell shell, string imageId)
    {
        var polls = await _server.Control.CountCallsAsync("DescribeImages");
        var running = WaitAmi(shell, imageId).BeginInvoke();
        await _server.Control.WaitForCallsAsync("DescribeImages", polls + 2);
        await _server.Control.FinishPendingAsync();
        return await Task.Factory.FromAsync(running, shell.EndInvoke);
    }

    private PowerShell WaitAmi(PowerShell shell, string imageId) => shell.AddCommand("Wait-Ami").AddParameter("ImageId", new[] { imageId })
        .AddParameter("Region", "us-east-1").AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", Key());

    [Fact]
    public async Task ShowsProgressPerImageAndCompletesIt()
    {
        var imageId = await PendingImageAsync();
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.3").Invoke();
        shell.Commands.Clear();
        var result = await WaitUntilReleasedAsync(shell, imageId);
        Assert.Equal("available", ((Ami)Assert.Single(result).BaseObject).State);
        var progress = shell.Streams.Progress.ToList();
        Assert.Contains(progress, p => p.StatusDescription.Contains(imageId) && p.StatusDescription.Contains("pending"));
        Assert.Equal(ProgressRecordType.Completed, progress.Last().RecordType);
    }

    [Fact]
    public async Task WritesNoProgressWhenProgressIsOff()
    {
        var imageId = await PendingImageAsync();
        using var shell = PowerShellHost.Create();
        shell.AddScript("Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.3; $ProgressPreference = 'SilentlyContinue'").Invoke();
        shell.Commands.Clear();
        var result = await WaitUntilReleasedAsync(shell, imageId);
        Assert.Equal("available", ((Ami)Assert.Single(result).BaseObject).State);
        Assert.False(shell.HadErrors);
        Assert.Empty(shell.Streams.Progress);
    }

    [Fact]
    public async Task StopEndsTheWaitWithoutWaitingForTheNextPoll()
    {
        var imageId = await PendingImageAsync();
        using var shell = PowerShellHost.Create();
        // Five minutes between polls: only a Stop that cancels the pause ends the command before the guard below.
        shell.AddScript("Set-AmiContext -PollIntervalSec 300 -MaxPollIntervalSec 300").Invoke();
        shell.Commands.Clear();
        var polls = await _server.Control.CountCallsAsync("DescribeImages");
        var running = WaitAmi(shell, imageId).BeginInvoke();
        await _server.Control.WaitForCallsAsync("DescribeImages", polls + 1);
        Assert.False(running.IsCompleted);
        await Task.Factory.FromAsync(shell.BeginStop, shell.EndStop, null).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }

    [Fact]
    public async Task StoppingSaysTheExactCommandThatResumesTheWait()
    {
        var first = await PendingImageAsync();
        var second = await PendingImageAsync();
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
