using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class InstancesTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public InstancesTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Instances_carry_metadata_options_ebs_optimization_network_interfaces_and_their_client_token()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var imageId = await Ec2Helpers.BaseImageIdAsync(ec2);
        RunInstancesRequest Request(string type) => new()
        {
            ImageId = imageId, InstanceType = type, MinCount = 1, MaxCount = 1, ClientToken = "build-42", EbsOptimized = true,
            MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = HttpTokensState.Required, HttpPutResponseHopLimit = 2, InstanceMetadataTags = InstanceMetadataTagsState.Enabled },
        };
        var run = await ec2.RunInstancesAsync(Request("t3.micro"));
        var launched = Assert.Single(run.Reservation.Instances);
        Assert.Equal("build-42", launched.ClientToken);
        Assert.True(launched.EbsOptimized);
        Assert.Equal(HttpTokensState.Required, launched.MetadataOptions.HttpTokens);
        Assert.Equal(2, launched.MetadataOptions.HttpPutResponseHopLimit);
        Assert.Equal(InstanceMetadataEndpointState.Enabled, launched.MetadataOptions.HttpEndpoint);
        Assert.Equal(InstanceMetadataTagsState.Enabled, launched.MetadataOptions.InstanceMetadataTags);
        Assert.Equal(InstanceMetadataOptionsState.Pending, launched.MetadataOptions.State);
        var eni = Assert.Single(launched.NetworkInterfaces);
        Assert.StartsWith("eni-", eni.NetworkInterfaceId, StringComparison.Ordinal);
        Assert.Equal(0, eni.Attachment.DeviceIndex);
        Assert.Equal(launched.PrivateIpAddress, eni.PrivateIpAddress);
        Assert.Equal(launched.SubnetId, eni.SubnetId);
        Assert.StartsWith("vpc-", launched.VpcId, StringComparison.Ordinal);

        // ClientToken: the same request again answers the same instance; other parameters are refused.
        var again = await ec2.RunInstancesAsync(Request("t3.micro"));
        Assert.Equal(launched.InstanceId, Assert.Single(again.Reservation.Instances).InstanceId);
        Assert.Equal(run.Reservation.ReservationId, again.Reservation.ReservationId);
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(Request("t3.small")), "IdempotentParameterMismatch");
        var all = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());
        var described = Assert.Single(all.Reservations.SelectMany(r => r.Instances));
        Assert.Equal(InstanceMetadataOptionsState.Applied, described.MetadataOptions.State);
        Assert.Equal("build-42", described.ClientToken);
        Assert.Single(described.NetworkInterfaces);

        // Without options: IMDSv2 is required for an image that declares imdsSupport v2.0, hop limit 2 (a guess), not EBS-optimized.
        var plain = Assert.Single((await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = imageId, InstanceType = "t3.micro", MinCount = 1, MaxCount = 1 })).Reservation.Instances);
        Assert.False(string.IsNullOrEmpty(plain.ClientToken));
        Assert.False(plain.EbsOptimized);
        Assert.Equal(HttpTokensState.Required, plain.MetadataOptions.HttpTokens);
        await Ec2Helpers.FailsAsync(() => ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = imageId, InstanceType = "t3.micro", MinCount = 1, MaxCount = 1, MetadataOptions = new InstanceMetadataOptionsRequest { HttpPutResponseHopLimit = 65 },
        }), "InvalidParameterValue");
    }

    [Fact]
    public async Task RunInstances_creates_volumes_from_the_image_snapshots_and_tags_them()
    {
        using var ec2 = _aws.Ec2();
        var imageId = await Ec2Helpers.BaseImageIdAsync(ec2);
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = imageId, InstanceType = InstanceType.T3Micro, MinCount = 2, MaxCount = 2,
            BlockDeviceMappings = new() { new BlockDeviceMapping { DeviceName = "/dev/sdf", Ebs = new EbsBlockDevice { VolumeSize = 50 } } },
            TagSpecifications = new()
            {
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = new() { new Tag("Name", "web") } },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = new() { new Tag("Disk", "yes") } },
            },
        });
        Assert.StartsWith("r-", run.Reservation.ReservationId, StringComparison.Ordinal);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, run.Reservation.OwnerId);
        Assert.Equal(2, run.Reservation.Instances.Count);
        Assert.All(run.Reservation.Instances, i => Assert.Equal(InstanceStateName.Pending, i.State.Name));

        var described = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = run.Reservation.Instances.Select(i => i.InstanceId).ToList() });
        var instances = described.Reservations.Single().Instances;
        Assert.All(instances, i =>
        {
            Assert.Equal(InstanceStateName.Running, i.State.Name);
            Assert.Equal(16, i.State.Code);
            Assert.Equal(imageId, i.ImageId);
            Assert.Equal(InstanceType.T3Micro, i.InstanceType);
            Assert.Equal("/dev/xvda", i.RootDeviceName);
            Assert.Equal(new[] { "/dev/xvda", "/dev/sdf" }, i.BlockDeviceMappings.Select(m => m.DeviceName));
            Assert.All(i.BlockDeviceMappings, m => Assert.StartsWith("vol-", m.Ebs.VolumeId, StringComparison.Ordinal));
            Assert.Equal("web", i.Tags.Single(t => t.Key == "Name").Value);
        });
        var image = await Ec2Helpers.ImageAsync(ec2, imageId);
        Assert.NotNull(image.LastLaunchedTime);
    }

    [Fact]
    public async Task DescribeInstances_filters_and_pages()
    {
        using var ec2 = _aws.Ec2();
        var al = await Ec2Helpers.BaseImageIdAsync(ec2);
        var ubuntu = await Ec2Helpers.BaseImageIdAsync(ec2, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", LocalAwsPublishers.Canonical);
        var a = await Ec2Helpers.LaunchAsync(ec2, al, tags: new() { ["App"] = "web" });
        var b = await Ec2Helpers.LaunchAsync(ec2, ubuntu, tags: new() { ["App"] = "db" });
        var c = await Ec2Helpers.LaunchAsync(ec2, al);
        await ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new() { c.InstanceId } });

        async Task<List<string>> Ids(params Filter[] filters) =>
            (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = filters.ToList() })).Reservations?
                .SelectMany(r => r.Instances).Select(i => i.InstanceId).OrderBy(i => i).ToList() ?? new List<string>();

        Assert.Equal(new[] { a.InstanceId, c.InstanceId }.OrderBy(i => i), await Ids(new Filter("image-id", new() { al })));
        Assert.Equal(new[] { c.InstanceId }, await Ids(new Filter("instance-state-name", new() { "stopped" })));
        Assert.Equal(new[] { b.InstanceId }, await Ids(new Filter("tag:App", new() { "d*" })));
        Assert.Equal(new[] { a.InstanceId, b.InstanceId }.OrderBy(i => i), await Ids(new Filter("tag-key", new() { "App" })));
        Assert.Equal(new[] { a.InstanceId }, await Ids(new Filter("instance-id", new() { a.InstanceId })));
        await Ec2Helpers.FailsAsync(() => Ids(new Filter("bogus", new() { "x" })), "InvalidParameterValue");

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { MaxResults = 5, NextToken = token });
            seen.AddRange(page.Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId));
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(3, seen.Distinct().Count());
        await Ec2Helpers.FailsAsync(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { MaxResults = 5, InstanceIds = new() { a.InstanceId } }), "InvalidParameterCombination");
    }

    [Fact]
    public async Task Unknown_and_malformed_instance_ids_fail()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var e = await Ec2Helpers.FailsAsync(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new() { "i-0123456789abcdef0" } }), "InvalidInstanceID.NotFound");
        Assert.Contains("i-0123456789abcdef0", e.Message, StringComparison.Ordinal);
        await Ec2Helpers.FailsAsync(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new() { "i-nope" } }), "InvalidInstanceID.Malformed");
        await Ec2Helpers.FailsAsync(() => ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new() { "i-0123456789abcdef0" } }), "InvalidInstanceID.NotFound");
    }

    [Fact]
    public async Task RunInstances_needs_a_visible_available_image()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, "ami-0123456789abcdef0"), "InvalidAMIID.NotFound");
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, "ami-zz"), "InvalidAMIID.Malformed");
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "still-pending", State = "pending" } } });
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, seeded.ImageIds[0]), "InvalidAMIID.Unavailable");
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);
        var other = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "private-one" } } });
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(c, other.ImageIds[0]), "InvalidAMIID.NotFound");
    }

    [Fact]
    public async Task Stop_start_and_terminate_report_transitions_and_terminated_instances_stay_listed()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        var stop = await ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new() { instance.InstanceId } });
        var change = stop.StoppingInstances.Single();
        Assert.Equal(InstanceStateName.Stopping, change.CurrentState.Name);
        Assert.Equal(InstanceStateName.Running, change.PreviousState.Name);

        var start = await ec2.StartInstancesAsync(new StartInstancesRequest { InstanceIds = new() { instance.InstanceId } });
        Assert.Equal(InstanceStateName.Pending, start.StartingInstances.Single().CurrentState.Name);

        var terminate = await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = new() { instance.InstanceId } });
        Assert.Equal(InstanceStateName.ShuttingDown, terminate.TerminatingInstances.Single().CurrentState.Name);
        Assert.Equal(InstanceStateName.Running, terminate.TerminatingInstances.Single().PreviousState.Name);

        var described = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new() { instance.InstanceId } })).Reservations.Single().Instances.Single();
        Assert.Equal(InstanceStateName.Terminated, described.State.Name);
        Assert.Equal(48, described.State.Code);
        Assert.Null(described.BlockDeviceMappings);
        await Ec2Helpers.FailsAsync(() => ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new() { instance.InstanceId } }), "IncorrectInstanceState");
    }
}
