using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class RecycleBinTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public RecycleBinTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Seeded_recycle_bin_images_are_listed_by_id_and_paged()
    {
        await _aws.Control.SeedAsync(new SeedRequest
        {
            RecycleBinImages = new[]
            {
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000a", Name = "web-1", RetainDays = 7 },
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000b", Name = "web-2" },
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000c", Name = "web-3" },
            },
        });
        using var ec2 = _aws.Ec2();
        var first = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { MaxResults = 2 });
        Assert.Equal(2, first.Images.Count);
        Assert.NotNull(first.NextToken);
        var second = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { MaxResults = 2, NextToken = first.NextToken });
        Assert.Equal("ami-0000000000000000c", Assert.Single(second.Images).ImageId);
        Assert.Null(second.NextToken);

        var byId = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { ImageIds = new() { "ami-0000000000000000a" } });
        var image = Assert.Single(byId.Images);
        Assert.Equal("web-1", image.Name);
        Assert.True(image.RecycleBinExitTime > image.RecycleBinEnterTime);

        using var otherRegion = _aws.Ec2("eu-west-1");
        Assert.Null((await otherRegion.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { ImageIds = new() { "ami-0000000000000000a" }, MaxResults = 5 }));
        Assert.Equal("InvalidParameterCombination", error.ErrorCode);
    }
}

public sealed class RecycleBinRuleTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public RecycleBinRuleTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Retention_rules_keep_deregistered_images_and_deleted_snapshots_and_both_restore_snapshots_first()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "undo-me" }],
            RetentionRules = [new SeedRetentionRule { ResourceType = "EC2_IMAGE", RetainDays = 10 }, new SeedRetentionRule { ResourceType = "EBS_SNAPSHOT", RetainDays = 10 }],
        });
        var (imageId, snapshotId) = (seeded.ImageIds[0], seeded.SnapshotIds[0]);
        using var ec2 = _aws.Ec2();
        var result = await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId, DeleteAssociatedSnapshots = true });
        Assert.Equal(SnapshotReturnCodes.Success, Assert.Single(result.DeleteSnapshotResults).ReturnCode);

        var image = Assert.Single((await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images);
        Assert.Equal(imageId, image.ImageId);
        Assert.Equal(10, (image.RecycleBinExitTime!.Value - image.RecycleBinEnterTime!.Value).TotalDays, 3);
        var snapshot = Assert.Single((await ec2.ListSnapshotsInRecycleBinAsync(new ListSnapshotsInRecycleBinRequest())).Snapshots);
        Assert.Equal(snapshotId, snapshot.SnapshotId);

        var early = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RestoreImageFromRecycleBinAsync(new RestoreImageFromRecycleBinRequest { ImageId = imageId }));
        Assert.Equal("IncorrectState", early.ErrorCode);
        Assert.Contains(snapshotId, early.Message);

        var restoredSnapshot = await ec2.RestoreSnapshotFromRecycleBinAsync(new RestoreSnapshotFromRecycleBinRequest { SnapshotId = snapshotId });
        Assert.Equal(8, restoredSnapshot.VolumeSize);
        await ec2.RestoreImageFromRecycleBinAsync(new RestoreImageFromRecycleBinRequest { ImageId = imageId });
        var back = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] })).Images);
        Assert.Equal(ImageState.Available, back.State);
        Assert.Null((await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images);
        Assert.Null((await ec2.ListSnapshotsInRecycleBinAsync(new ListSnapshotsInRecycleBinRequest())).Snapshots);
        Assert.Single((await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = imageId, MinCount = 1, MaxCount = 1 })).Reservation.Instances);
    }

    [Fact]
    public async Task Without_a_matching_rule_deletion_is_final_and_tag_level_rules_catch_only_tagged_resources()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "plain" }, new SeedImage { Name = "tagged", Tags = new Dictionary<string, string> { ["Keep"] = "yes" } }],
            RetentionRules = [new SeedRetentionRule { ResourceType = "EC2_IMAGE", ResourceTags = new Dictionary<string, string> { ["Keep"] = "yes" } }],
        });
        using var ec2 = _aws.Ec2();
        foreach (var id in seeded.ImageIds) await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = id, DeleteAssociatedSnapshots = true });
        Assert.Equal(seeded.ImageIds[1], Assert.Single((await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images).ImageId);
        Assert.Null((await ec2.ListSnapshotsInRecycleBinAsync(new ListSnapshotsInRecycleBinRequest())).Snapshots);
        var gone = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RestoreImageFromRecycleBinAsync(new RestoreImageFromRecycleBinRequest { ImageId = seeded.ImageIds[0] }));
        Assert.Equal("InvalidAMIID.NotFound", gone.ErrorCode);
        Assert.Equal("InvalidSnapshot.NotFound", (await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.RestoreSnapshotFromRecycleBinAsync(new RestoreSnapshotFromRecycleBinRequest { SnapshotId = seeded.SnapshotIds[0] }))).ErrorCode);
    }

    [Fact]
    public async Task Entries_expire_after_their_retention_period()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = clock });
        var seeded = await server.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "short-lived" }],
            RetentionRules = [new SeedRetentionRule { ResourceType = "EC2_IMAGE", RetainDays = 1 }, new SeedRetentionRule { ResourceType = "EBS_SNAPSHOT", RetainDays = 2 }],
        });
        using var ec2 = new AmazonEC2Client(Keys.Default, new AmazonEC2Config { ServiceURL = server.Url.ToString(), AuthenticationRegion = "us-east-1" });
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0], DeleteAssociatedSnapshots = true });
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Null((await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images);
        Assert.Single((await ec2.ListSnapshotsInRecycleBinAsync(new ListSnapshotsInRecycleBinRequest())).Snapshots);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null((await ec2.ListSnapshotsInRecycleBinAsync(new ListSnapshotsInRecycleBinRequest())).Snapshots);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
