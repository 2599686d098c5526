using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Build instances: RunInstances with user data and the build settings, console output over time, provisioning behaviours.</summary>
public sealed class BuildInstanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(LocalAwsServer Server, ManualClock Clock, AmazonEC2Client Ec2)> StartAsync(double pendingSeconds = 10)
    {
        var clock = new ManualClock(Start);
        var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock, PendingSeconds = pendingSeconds });
        var ec2 = new AmazonEC2Client(Keys.Default, new AmazonEC2Config { ServiceURL = server.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        return (server, clock, ec2);
    }

    private static RunInstancesRequest BuildRequest(string imageId, string script, Dictionary<string, string>? tags = null) => new()
    {
        ImageId = imageId, InstanceType = InstanceType.T3Micro, MinCount = 1, MaxCount = 1,
        UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(script)),
        SubnetId = "subnet-0123456789abcdef0", SecurityGroupIds = new() { "sg-0123456789abcdef0" },
        IamInstanceProfile = new IamInstanceProfileSpecification { Name = "builder" },
        InstanceInitiatedShutdownBehavior = ShutdownBehavior.Stop,
        MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = HttpTokensState.Required },
        TagSpecifications = tags is null ? null : new() { new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags.Select(t => new Tag(t.Key, t.Value)).ToList() } },
    };

    private static async Task<string> ConsoleAsync(IAmazonEC2 ec2, string instanceId)
    {
        var output = (await ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId, Latest = true })).Output;
        return output is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(output));
    }

    private static async Task<Instance> DescribeAsync(IAmazonEC2 ec2, string instanceId) =>
        (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new() { instanceId } })).Reservations.Single().Instances.Single();

    [Fact]
    public async Task A_script_prints_its_echo_lines_over_the_pending_time_then_the_instance_stops_itself()
    {
        var (server, clock, ec2) = await StartAsync(pendingSeconds: 10);
        await using var _ = server;
        using var __ = ec2;
        var imageId = await Ec2Helpers.BaseImageIdAsync(ec2);
        var launched = (await ec2.RunInstancesAsync(BuildRequest(imageId, "#!/bin/bash\necho 'installing nginx'\ndnf install -y nginx\necho \"done\"\nshutdown -h now\n"))).Reservation.Instances.Single();
        Assert.Equal("subnet-0123456789abcdef0", launched.SubnetId);
        Assert.Equal("sg-0123456789abcdef0", Assert.Single(launched.SecurityGroups).GroupId);
        Assert.EndsWith(":instance-profile/builder", launched.IamInstanceProfile.Arn, StringComparison.Ordinal);
        Assert.Equal(HttpTokensState.Required, launched.MetadataOptions.HttpTokens);

        var early = await ConsoleAsync(ec2, launched.InstanceId);
        Assert.DoesNotContain("installing nginx", early, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(4));
        var middle = await ConsoleAsync(ec2, launched.InstanceId);
        Assert.Contains("installing nginx", middle, StringComparison.Ordinal);
        Assert.DoesNotContain("done", middle, StringComparison.Ordinal);
        Assert.Equal("running", (await DescribeAsync(ec2, launched.InstanceId)).State.Name.Value);

        clock.Advance(TimeSpan.FromSeconds(6));
        var stopped = await DescribeAsync(ec2, launched.InstanceId);
        Assert.Equal("stopped", stopped.State.Name.Value);
        Assert.Equal("Client.InstanceInitiatedShutdown", stopped.StateReason.Code);
        Assert.Contains("done", await ConsoleAsync(ec2, launched.InstanceId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_rule_makes_the_script_fail_with_a_line_or_never_stop_and_an_instance_rule_applies_at_once()
    {
        var (server, clock, ec2) = await StartAsync(pendingSeconds: 0);
        await using var _ = server;
        using var __ = ec2;
        var imageId = await Ec2Helpers.BaseImageIdAsync(ec2);
        await server.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = "build", TagValue = "bad", Outcome = "fail", Seconds = 5, Lines = ["step 1"], FailLine = "BUILD FAILED: dnf exited 1" });
        await server.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = "build", TagValue = "slow", Outcome = "never" });
        var bad = (await ec2.RunInstancesAsync(BuildRequest(imageId, "echo hi", new() { ["build"] = "bad" }))).Reservation.Instances.Single();
        var slow = (await ec2.RunInstancesAsync(BuildRequest(imageId, "echo hi", new() { ["build"] = "slow" }))).Reservation.Instances.Single();
        clock.Advance(TimeSpan.FromHours(0.5));
        Assert.Equal("running", (await DescribeAsync(ec2, bad.InstanceId)).State.Name.Value);
        Assert.EndsWith("step 1\nBUILD FAILED: dnf exited 1\n", await ConsoleAsync(ec2, bad.InstanceId), StringComparison.Ordinal);
        Assert.Equal("running", (await DescribeAsync(ec2, slow.InstanceId)).State.Name.Value);
        Assert.Contains("hi", await ConsoleAsync(ec2, slow.InstanceId), StringComparison.Ordinal);

        // A behaviour for a running instance starts now: this one terminates itself.
        await server.Control.SetProvisioningAsync(new ProvisioningBehaviour { InstanceId = slow.InstanceId, Outcome = "terminate", Seconds = 0 });
        var gone = await DescribeAsync(ec2, slow.InstanceId);
        Assert.Equal("terminated", gone.State.Name.Value);
        Assert.Equal("Client.InstanceInitiatedShutdown", gone.StateReason.Code);
    }

    [Fact]
    public async Task User_data_must_be_base64_and_at_most_16_KB_raw_and_settings_well_formed()
    {
        var (server, _, ec2) = await StartAsync();
        await using var _ = server;
        using var __ = ec2;
        var imageId = await Ec2Helpers.BaseImageIdAsync(ec2);
        var request = BuildRequest(imageId, "echo x");
        request.UserData = "not base64!";
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(request), "InvalidParameterValue");
        request = BuildRequest(imageId, new string('x', 16 * 1024 + 1));
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(request), "InvalidParameterValue");
        request = BuildRequest(imageId, new string('x', 16 * 1024));
        Assert.Single((await ec2.RunInstancesAsync(request)).Reservation.Instances);
        request = BuildRequest(imageId, "echo x");
        request.SubnetId = "subnet-nope";
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(request), "InvalidSubnetID.Malformed");
        request = BuildRequest(imageId, "echo x");
        request.SecurityGroupIds = new() { "default" };
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(request), "InvalidGroupId.Malformed");
    }

    [Fact]
    public async Task An_instance_without_user_data_has_no_console_output_and_keeps_running()
    {
        var (server, clock, ec2) = await StartAsync(pendingSeconds: 0);
        await using var _ = server;
        using var __ = ec2;
        var plain = await Ec2Helpers.LaunchAsync(ec2);
        clock.Advance(TimeSpan.FromMinutes(5));
        var response = await ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = plain.InstanceId });
        Assert.Null(response.Output);
        Assert.Equal(plain.InstanceId, response.InstanceId);
        Assert.Equal("running", (await DescribeAsync(ec2, plain.InstanceId)).State.Name.Value);
        await Ec2Helpers.FailsAsync(() => ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = "i-0123456789abcdef0" }), "InvalidInstanceID.NotFound");
    }
}
