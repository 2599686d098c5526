using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
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

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new OrphanedSnapshotFinder(factory).FindAsync([connection], Cost.SnapshotPriceTable.Default, stream, token));
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

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new OrphanedSnapshotFinder(factory).FindAsync([connection], Cost.SnapshotPriceTable.Default, stream, token));
        var orphan = Assert.Single(events.OfType<OutputEvent>().Select(e => (AmiOrphanedSnapshot)e.Item));
        Assert.Equal(seeded.ImageIds[1], orphan.FormerImageId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ListImagesInRecycleBin"));
    }

    /// <summary>
    /// Account A cannot see the AMIs of other accounts, so a snapshot A shares (createVolumePermission) may
    /// back an AMI or volumes there. Such a snapshot is reported as Shared with whom, never as a safe orphan;
    /// reading the attribute costs one call per candidate, never one per snapshot of the account.
    /// </summary>
    [Fact]
    public async Task SnapshotsSharedWithOtherAccountsOrPublicAreReportedAsSharedNotAsOrphans()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "plain" }, new SeedImage { Name = "public" }, new SeedImage { Name = "used-by-b" }, new SeedImage { Name = "kept" }],
        });
        var ec2 = factory.Ec2(connection);
        await ShareSnapshotAsync(ec2, seeded.SnapshotIds[1], new CreateVolumePermission { Group = PermissionGroup.All });
        await ShareSnapshotAsync(ec2, seeded.SnapshotIds[2], new CreateVolumePermission { UserId = LocalAwsAccounts.AccountB });
        // Account B registers an AMI on the snapshot A shared with it: A cannot see that AMI.
        await localAws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Images = [new SeedImage { Name = "b-image", SnapshotIds = [seeded.SnapshotIds[2]] }] });
        for (var i = 0; i < 3; i++) await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[i] });

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new OrphanedSnapshotFinder(factory).FindAsync([connection], Cost.SnapshotPriceTable.Default, stream, token));
        var found = events.OfType<OutputEvent>().Select(e => (AmiOrphanedSnapshot)e.Item).ToDictionary(o => o.SnapshotId);
        Assert.Equal(3, found.Count);
        Assert.Equal("Orphaned", found[seeded.SnapshotIds[0]].Status);
        Assert.Empty(found[seeded.SnapshotIds[0]].SharedWith);
        Assert.Equal("Shared", found[seeded.SnapshotIds[1]].Status);
        Assert.Equal(["all"], found[seeded.SnapshotIds[1]].SharedWith);
        Assert.Equal("Shared", found[seeded.SnapshotIds[2]].Status);
        Assert.Equal([LocalAwsAccounts.AccountB], found[seeded.SnapshotIds[2]].SharedWith);
        Assert.Empty(events.OfType<ErrorEvent>());
        Assert.Equal(3, await localAws.Control.CountCallsAsync("DescribeSnapshotAttribute"));
    }

    [Fact]
    public async Task RemovalRefusesSharedSnapshotsWithoutForceNamingTheAccounts()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "plain" }, new SeedImage { Name = "shared" }] });
        var ec2 = factory.Ec2(connection);
        await ShareSnapshotAsync(ec2, seeded.SnapshotIds[1], new CreateVolumePermission { UserId = LocalAwsAccounts.AccountB }, new CreateVolumePermission { UserId = LocalAwsAccounts.AccountC });
        await localAws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Images = [new SeedImage { Name = "b-image", SnapshotIds = [seeded.SnapshotIds[1]] }] });
        foreach (var id in seeded.ImageIds) await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = id });

        var removal = new OrphanedSnapshotRemoval(factory);
        IReadOnlyList<AmiOrphanedSnapshot> approved = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            approved = removal.RefuseShared(await removal.RecheckAsync(connection, seeded.SnapshotIds, stream, token), stream);
            await removal.DeleteAsync(connection, approved, stream, token);
        });
        Assert.Equal(seeded.SnapshotIds[0], Assert.Single(approved).SnapshotId);
        var refused = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal("SnapshotShared", refused.ErrorId);
        Assert.Equal(seeded.SnapshotIds[1], refused.Target);
        Assert.Contains(LocalAwsAccounts.AccountB, refused.Message);
        Assert.Contains(LocalAwsAccounts.AccountC, refused.Message);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeleteSnapshot"));

        // With -Force the shared snapshot is tried too, and EC2 still refuses while B's AMI uses it.
        events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
            await removal.DeleteAsync(connection, await removal.RecheckAsync(connection, [seeded.SnapshotIds[1]], stream, token), stream, token));
        Assert.Equal("SnapshotInUse", Assert.Single(events.OfType<ErrorEvent>()).Error.ErrorId);
    }

    private static Task ShareSnapshotAsync(IAmazonEC2 ec2, string snapshotId, params CreateVolumePermission[] permissions) =>
        ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = snapshotId,
            Attribute = SnapshotAttributeName.CreateVolumePermission,
            CreateVolumePermission = new CreateVolumePermissionModifications { Add = [.. permissions] },
        });

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
