using System.Management.Automation;
using Amazon.EC2;
using Amazon.EC2.Model;
using LocalAws;

namespace AmiCmdlets.Tests;

/// <summary>Invoke-GoldenAmiBuild's progress per phase and Ctrl+C mid-provisioning, which only a hosted PowerShell can observe.</summary>
public sealed class InvokeGoldenAmiBuildHostedTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StopMidProvisioningReturnsOnlyOnceTheBuildInstanceIsTerminated()
    {
        // The script never stops the instance: only Ctrl+C ends this build.
        await _server.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = "AmiCmdlets:BuildId", Outcome = "never", Seconds = 0, Lines = ["still working"] });
        using var ec2 = new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            new AmazonEC2Config { ServiceURL = _server.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var baseImage = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["amazon"], Filters = [new Filter("name", ["al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64"])] })).Images.Single();

        using var shell = PowerShellHost.Create();
        shell.AddCommand("Invoke-GoldenAmiBuild").AddParameter("SourceImageId", baseImage.ImageId).AddParameter("Name", "hosted-{timestamp}")
            .AddParameter("UserData", "#!/bin/bash\necho 'still working'\nshutdown -h now\n").AddParameter("Region", "us-east-1")
            .AddParameter("EndpointUrl", _server.Url.ToString()).AddParameter("Credential", HostedLocalAws.Key());
        var running = shell.BeginInvoke();
        // One poll is enough (the poll interval is process-wide and other test classes set it): its progress line follows it.
        await _server.Control.WaitForCallsAsync("GetConsoleOutput", 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!shell.Streams.Progress.Any(p => p.StatusDescription.StartsWith("Provisioning", StringComparison.Ordinal)) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Contains(shell.Streams.Progress, p => p.StatusDescription.StartsWith("Launching", StringComparison.Ordinal));
        Assert.Contains(shell.Streams.Progress, p => p.StatusDescription.StartsWith("Provisioning", StringComparison.Ordinal) && p.StatusDescription.EndsWith("still working", StringComparison.Ordinal));
        Assert.False(running.IsCompleted);

        await Task.Factory.FromAsync(shell.BeginStop, shell.EndStop, null).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        // No waiting here: the stop itself waited for the cleanup.
        var instance = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag-key", ["AmiCmdlets:BuildId"])] })).Reservations.SelectMany(r => r.Instances).Single();
        Assert.Equal("terminated", instance.State.Name.Value);
        Assert.Equal(0, await _server.Control.CountCallsAsync("CreateImage"));
    }
}
