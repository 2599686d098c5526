using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class CreateImageTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public CreateImageTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateImage_snapshots_every_volume_and_describes_them_as_aws_does()
    {
        using var ec2 = _aws.Ec2();
        var instance = await Ec2Helpers.LaunchAsync(ec2, mappings: new() { new BlockDeviceMapping { DeviceName = "/dev/sdf", Ebs = new EbsBlockDevice { VolumeSize = 20 } } });
        var created = await ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId, Name = "web (2026) [v1] ./-'@_", Description = "web tier", NoReboot = true,
            TagSpecifications = new()
            {
                new TagSpecification { ResourceType = ResourceType.Image, Tags = new() { new Tag("App", "web") } },
                new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = new() { new Tag("Backs", "web") } },
            },
        });
        Assert.StartsWith("ami-", created.ImageId, StringComparison.Ordinal);

        var image = await Ec2Helpers.ImageAsync(ec2, created.ImageId);
        Assert.Equal(ImageState.Available, image.State); // pendingSeconds defaults to 0
        Assert.Equal("web tier", image.Description);
        Assert.Equal(instance.InstanceId, image.SourceInstanceId);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, image.OwnerId);
        Assert.Equal("web", image.Tags.Single().Value);
        Assert.Equal(new[] { "/dev/xvda", "/dev/sdf" }, image.BlockDeviceMappings.Select(m => m.DeviceName));
        Assert.Equal(20, image.BlockDeviceMappings[1].Ebs.VolumeSize);

        var volumes = instance.BlockDeviceMappings.ToDictionary(m => m.DeviceName, m => m.Ebs.VolumeId);
        var snapshots = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = image.BlockDeviceMappings.Select(m => m.Ebs.SnapshotId).ToList() });
        Assert.Equal(2, snapshots.Snapshots.Count);
        foreach (var mapping in image.BlockDeviceMappings)
        {
            var snapshot = snapshots.Snapshots.Single(s => s.SnapshotId == mapping.Ebs.SnapshotId);
            var volumeId = volumes[mapping.DeviceName];
            Assert.Equal($"Created by CreateImage({instance.InstanceId}) for {created.ImageId} from {volumeId}", snapshot.Description);
            Assert.Equal(volumeId, snapshot.VolumeId);
            Assert.Equal(SnapshotState.Completed, snapshot.State);
            Assert.Equal("100%", snapshot.Progress);
            Assert.Equal("web", snapshot.Tags.Single(t => t.Key == "Backs").Value);
            Assert.Equal(StorageTier.Standard, snapshot.StorageTier);
        }
    }

    [Fact]
    public async Task NoDevice_excludes_a_volume_and_Ebs_overrides_apply()
    {
        using var ec2 = _aws.Ec2();
        var instance = await Ec2Helpers.LaunchAsync(ec2, mappings: new()
        {
            new BlockDeviceMapping { DeviceName = "/dev/sdf", Ebs = new EbsBlockDevice { VolumeSize = 20 } },
            new BlockDeviceMapping { DeviceName = "/dev/sdg", Ebs = new EbsBlockDevice { VolumeSize = 30 } },
        });
        var created = await ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId, Name = "without-sdg",
            BlockDeviceMappings = new()
            {
                new BlockDeviceMapping { DeviceName = "/dev/sdg", NoDevice = "" },
                new BlockDeviceMapping { DeviceName = "/dev/xvda", Ebs = new EbsBlockDevice { VolumeSize = 16, VolumeType = VolumeType.Gp2 } },
            },
        });
        var image = await Ec2Helpers.ImageAsync(ec2, created.ImageId);
        Assert.Equal(new[] { "/dev/xvda", "/dev/sdf" }, image.BlockDeviceMappings.Select(m => m.DeviceName));
        Assert.Equal(16, image.BlockDeviceMappings[0].Ebs.VolumeSize);
        Assert.Equal(VolumeType.Gp2, image.BlockDeviceMappings[0].Ebs.VolumeType);
        var own = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } });
        Assert.Equal(2, own.Snapshots.Count);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has#hash")]
    [InlineData("percent%")]
    public async Task Malformed_names_are_refused(string name)
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = name }), "InvalidAMIName.Malformed");
    }

    [Fact]
    public async Task Names_are_unique_per_account_and_region_even_for_pending_deprecated_or_disabled_images()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[]
            {
                new SeedImage { Name = "taken-pending", State = "pending" },
                new SeedImage { Name = "taken-disabled", State = "disabled" },
                new SeedImage { Name = "taken-deprecated", DeprecationTime = DateTimeOffset.UtcNow.AddDays(-1) },
            },
        });
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        for (var i = 0; i < 3; i++)
        {
            var name = new[] { "taken-pending", "taken-disabled", "taken-deprecated" }[i];
            var e = await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = name }), "InvalidAMIName.Duplicate");
            Assert.Equal($"AMI name {name} is already in use by AMI {seeded.ImageIds[i]}", e.Message);
        }

        // Another account, or another region, may use the name.
        using var b = _aws.Ec2(credentials: Keys.AccountB);
        var bInstance = await Ec2Helpers.LaunchAsync(b);
        await b.CreateImageAsync(new CreateImageRequest { InstanceId = bInstance.InstanceId, Name = "taken-pending" });
        using var west = _aws.Ec2("us-west-2");
        var westInstance = await Ec2Helpers.LaunchAsync(west);
        await west.CreateImageAsync(new CreateImageRequest { InstanceId = westInstance.InstanceId, Name = "taken-pending" });
    }

    [Fact]
    public async Task Instance_must_exist_and_be_running_or_stopped()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = "i-0123456789abcdef0", Name = "nope" }), "InvalidInstanceID.NotFound");
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        await ec2.StopInstancesAsync(new StopInstancesRequest { InstanceIds = new() { instance.InstanceId } });
        await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "from-stopped" });
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = new() { instance.InstanceId } });
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "from-terminated" }), "IncorrectInstanceState");
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Instances = new[] { new SeedInstance { State = "stopping" } } });
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = seeded.InstanceIds[0], Name = "from-stopping" }), "IncorrectInstanceState");
    }

    [Fact]
    public async Task Images_stay_pending_for_the_configured_time_then_turn_available()
    {
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["us-east-1"] = 2 } });
        using var ec2 = _aws.Ec2();
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        var created = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "slow" });
        var image = await Ec2Helpers.ImageAsync(ec2, created.ImageId);
        Assert.Equal(ImageState.Pending, image.State);
        var snapshot = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { image.BlockDeviceMappings[0].Ebs.SnapshotId } })).Snapshots.Single();
        Assert.Equal(SnapshotState.Pending, snapshot.State);
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, created.ImageId), "InvalidAMIID.Unavailable");

        image = await Ec2Helpers.WaitForImageAsync(ec2, created.ImageId, TimeSpan.FromSeconds(10));
        Assert.Equal(ImageState.Available, image.State);
        snapshot = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { image.BlockDeviceMappings[0].Ebs.SnapshotId } })).Snapshots.Single();
        Assert.Equal(SnapshotState.Completed, snapshot.State);
    }

    [Fact]
    public async Task Finish_pending_settles_pending_images_and_their_snapshots_now_failed_ones_as_failed()
    {
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        await _aws.Control.SetFaultsAsync(new FaultSettings { FailNextImages = new Dictionary<string, int> { ["us-east-1"] = 1 } });
        using var ec2 = _aws.Ec2();
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        var doomed = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "doomed" });
        var fine = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "fine" });
        Assert.Equal(ImageState.Pending, (await Ec2Helpers.ImageAsync(ec2, fine.ImageId)).State);

        await _aws.Control.FinishPendingAsync();

        Assert.Equal(ImageState.Failed, (await Ec2Helpers.ImageAsync(ec2, doomed.ImageId)).State);
        var image = await Ec2Helpers.ImageAsync(ec2, fine.ImageId);
        Assert.Equal(ImageState.Available, image.State);
        var snapshot = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { image.BlockDeviceMappings[0].Ebs.SnapshotId } })).Snapshots.Single();
        Assert.Equal(SnapshotState.Completed, snapshot.State);
    }

    [Fact]
    public async Task FailNextImages_fault_makes_the_next_image_fail_with_a_state_reason()
    {
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["us-east-1"] = 0.5 } });
        await _aws.Control.SetFaultsAsync(new FaultSettings { FailNextImages = new Dictionary<string, int> { ["us-east-1"] = 1 } });
        using var ec2 = _aws.Ec2();
        var instance = await Ec2Helpers.LaunchAsync(ec2);
        var first = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "doomed" });
        var second = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "fine" });

        var failed = await Ec2Helpers.WaitForImageAsync(ec2, first.ImageId, TimeSpan.FromSeconds(10));
        Assert.Equal(ImageState.Failed, failed.State);
        Assert.Equal("Server.InternalError", failed.StateReason.Code);
        Assert.False(string.IsNullOrEmpty(failed.StateReason.Message));
        Assert.Equal(ImageState.Available, (await Ec2Helpers.WaitForImageAsync(ec2, second.ImageId, TimeSpan.FromSeconds(10))).State);

        // The failed image still holds its name until deregistered, as on AWS.
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "doomed" }), "InvalidAMIName.Duplicate");
    }
}
