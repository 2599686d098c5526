using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class BulkSeedTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public BulkSeedTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Twenty_thousand_images_with_two_snapshots_each_seed_in_seconds()
    {
        var watch = Stopwatch.StartNew();
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            BulkImages = new SeedBulkImages { Count = 20_000, BlockDevices = new[] { new SeedBlockDevice { SizeGiB = 8 }, new SeedBlockDevice { SizeGiB = 50 } } },
        });
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 20);
        Assert.Equal(20_000, seeded.BulkImageIds.Count);

        using var ec2 = _aws.Ec2();
        var image = await Ec2Helpers.ImageAsync(ec2, seeded.BulkImageIds[123]);
        Assert.Equal(2, image.BlockDeviceMappings.Count);
        var page = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" }, MaxResults = 1000 });
        Assert.Equal(1000, page.Snapshots.Count);
        Assert.NotNull(page.NextToken);
        var inUse = await Assert.ThrowsAsync<Amazon.EC2.AmazonEC2Exception>(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = image.BlockDeviceMappings[1].Ebs.SnapshotId }));
        Assert.Equal("InvalidSnapshot.InUse", inUse.ErrorCode);
    }
}
