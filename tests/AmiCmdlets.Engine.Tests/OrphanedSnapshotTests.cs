using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class OrphanedSnapshotTests(LocalAwsFixture localAws)
{
    [Fact]
    public async Task FindsSnapshotsLeftByDeregisteredAmisButNotSharedOnes()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "gone", BlockDevices = [new SeedBlockDevice { SizeGiB = 30 }] }, new SeedImage { Name = "kept" }],
        });
        var shared = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "sharer", SnapshotIds = [seeded.SnapshotIds[1]] }] })).ImageIds[0];
        var ec2 = factory.Ec2(connection);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[1] });

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new OrphanedSnapshotFinder(factory).FindAsync([connection], 0.05m, stream, token));
        var orphan = Assert.Single(events.OfType<OutputEvent>().Select(e => (AmiOrphanedSnapshot)e.Item));
        Assert.Equal(seeded.SnapshotIds[0], orphan.SnapshotId);
        Assert.Equal(seeded.ImageIds[0], orphan.FormerImageId);
        Assert.Equal(30, orphan.SizeGiB);
        Assert.Equal(1.50m, orphan.EstimatedMonthlyCost);
        Assert.NotNull(shared);
        // The second image's snapshot is used by "sharer": not an orphan although its own AMI is gone.
        Assert.DoesNotContain(events.OfType<OutputEvent>(), e => ((AmiOrphanedSnapshot)e.Item).SnapshotId == seeded.SnapshotIds[1]);
    }

    [Fact]
    public async Task SnapshotsOfAnAmiInTheRecycleBinAreNotOrphans()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "restorable" }, new SeedImage { Name = "gone" }] });
        foreach (var id in seeded.ImageIds) await factory.Ec2(connection).DeregisterImageAsync(new DeregisterImageRequest { ImageId = id });
        await localAws.Control.SeedAsync(new SeedRequest { RecycleBinImages = [new SeedRecycleBinImage { ImageId = seeded.ImageIds[0], Name = "restorable" }] });

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new OrphanedSnapshotFinder(factory).FindAsync([connection], 0.05m, stream, token));
        var orphan = Assert.Single(events.OfType<OutputEvent>().Select(e => (AmiOrphanedSnapshot)e.Item));
        Assert.Equal(seeded.ImageIds[1], orphan.FormerImageId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ListImagesInRecycleBin"));
    }

    [Fact]
    public async Task RemovalChecksAgainAndDeletesOnlyOrphans()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "gone" }, new SeedImage { Name = "alive" }] });
        await factory.Ec2(connection).DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });

        var removal = new OrphanedSnapshotRemoval(factory);
        IReadOnlyList<AmiOrphanedSnapshot> confirmed = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            confirmed = await removal.RecheckAsync(connection, [seeded.SnapshotIds[0], seeded.SnapshotIds[1]], stream, token);
            await removal.DeleteAsync(connection, confirmed, stream, token);
        });
        Assert.Equal(seeded.SnapshotIds[0], Assert.Single(confirmed).SnapshotId);
        var refused = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal("SnapshotNotOrphaned", refused.ErrorId);
        Assert.Equal(seeded.SnapshotIds[1], refused.Target);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
        var left = await factory.Ec2(connection).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] });
        Assert.Equal([seeded.SnapshotIds[1]], left.Snapshots.Select(s => s.SnapshotId));
    }
}
