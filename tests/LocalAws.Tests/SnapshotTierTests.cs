using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class SnapshotTierTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public SnapshotTierTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Archive_needs_a_disabled_image_runs_over_settable_time_and_converts_to_a_full_snapshot()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "keep-1", BlockDevices = [new SeedBlockDevice { SizeGiB = 20 }] }] });
        var (imageId, snapshotId) = (seeded.ImageIds[0], seeded.SnapshotIds[0]);
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { SnapshotArchiveSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        using var ec2 = _aws.Ec2();

        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.ModifySnapshotTierAsync(new ModifySnapshotTierRequest { SnapshotId = snapshotId, StorageTier = TargetStorageTier.Archive }));
        Assert.Equal("IncorrectState", refused.ErrorCode);
        Assert.Contains(imageId, refused.Message);

        await ec2.DisableImageAsync(new DisableImageRequest { ImageId = imageId });
        var started = await ec2.ModifySnapshotTierAsync(new ModifySnapshotTierRequest { SnapshotId = snapshotId, StorageTier = TargetStorageTier.Archive });
        Assert.Equal(snapshotId, started.SnapshotId);
        Assert.NotNull(started.TieringStartTime);

        var status = Assert.Single((await ec2.DescribeSnapshotTierStatusAsync(new DescribeSnapshotTierStatusRequest
        {
            Filters = [new Filter("snapshot-id", [snapshotId])],
        })).SnapshotTierStatuses);
        Assert.Equal(TieringOperationStatus.ArchivalInProgress, status.LastTieringOperationStatus);
        Assert.Equal(StorageTier.Standard, status.StorageTier);

        await _aws.Control.FinishPendingAsync();
        var snapshot = Assert.Single((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [snapshotId] })).Snapshots);
        Assert.Equal(StorageTier.Archive, snapshot.StorageTier);
        Assert.Equal(20L * 1024 * 1024 * 1024, snapshot.FullSnapshotSizeInBytes);
        status = Assert.Single((await ec2.DescribeSnapshotTierStatusAsync(new DescribeSnapshotTierStatusRequest())).SnapshotTierStatuses);
        Assert.Equal(TieringOperationStatus.ArchivalCompleted, status.LastTieringOperationStatus);
        Assert.Equal(100, status.LastTieringProgress);
        Assert.NotNull(status.ArchivalCompleteTime);
    }

    [Fact]
    public async Task An_image_on_archived_snapshots_is_launchable_only_after_a_restore()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "cold", BlockDevices = [new SeedBlockDevice { SizeGiB = 8, StorageTier = "archive" }] }],
        });
        var (imageId, snapshotId) = (seeded.ImageIds[0], seeded.SnapshotIds[0]);
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { SnapshotRestoreSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        using var ec2 = _aws.Ec2();
        var launch = new RunInstancesRequest { ImageId = imageId, MinCount = 1, MaxCount = 1, InstanceType = InstanceType.T3Micro };

        Assert.Equal("IncorrectState", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RunInstancesAsync(launch))).ErrorCode);
        Assert.Equal("MissingParameter", (await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.RestoreSnapshotTierAsync(new RestoreSnapshotTierRequest { SnapshotId = snapshotId }))).ErrorCode);

        var restore = await ec2.RestoreSnapshotTierAsync(new RestoreSnapshotTierRequest { SnapshotId = snapshotId, TemporaryRestoreDays = 3 });
        Assert.Equal(3, restore.RestoreDuration);
        Assert.False(restore.IsPermanentRestore);
        Assert.Equal("IncorrectState", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RunInstancesAsync(launch))).ErrorCode);

        await _aws.Control.FinishPendingAsync();
        var status = Assert.Single((await ec2.DescribeSnapshotTierStatusAsync(new DescribeSnapshotTierStatusRequest())).SnapshotTierStatuses);
        Assert.Equal(TieringOperationStatus.TemporaryRestoreCompleted, status.LastTieringOperationStatus);
        Assert.Equal(StorageTier.Standard, status.StorageTier);
        Assert.NotNull(status.RestoreExpiryTime);
        Assert.Single((await ec2.RunInstancesAsync(launch)).Reservation.Instances);

        // A temporary restore can be made permanent without a new retrieval.
        var permanent = await ec2.RestoreSnapshotTierAsync(new RestoreSnapshotTierRequest { SnapshotId = snapshotId, PermanentRestore = true });
        Assert.True(permanent.IsPermanentRestore);
        status = Assert.Single((await ec2.DescribeSnapshotTierStatusAsync(new DescribeSnapshotTierStatusRequest())).SnapshotTierStatuses);
        Assert.Equal(TieringOperationStatus.PermanentRestoreCompleted, status.LastTieringOperationStatus);
        Assert.Null(status.RestoreExpiryTime);
        Assert.Equal("IncorrectState", (await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.RestoreSnapshotTierAsync(new RestoreSnapshotTierRequest { SnapshotId = snapshotId, PermanentRestore = true }))).ErrorCode);
    }
}
