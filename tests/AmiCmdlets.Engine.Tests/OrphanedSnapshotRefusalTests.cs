using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cleanup;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Remove-OrphanedAmiSnapshot's refusal says the one reason that applies to each snapshot, not a list of possible ones.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class OrphanedSnapshotRefusalTests(LocalAwsFixture localAws)
{
    [Fact]
    public async Task EachRefusalGivesItsOwnReason()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "alive" }, new SeedImage { Name = "gone-but-used" }, new SeedImage { Name = "in-bin" }],
        });
        var (alive, usedImage, binImage) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.ImageIds[2]);
        var (aliveSnapshot, usedSnapshot, binSnapshot) = (seeded.SnapshotIds[0], seeded.SnapshotIds[1], seeded.SnapshotIds[2]);
        var user = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "registered-from-it", SnapshotIds = [usedSnapshot] }] })).ImageIds[0];
        var ec2 = factory.Ec2(connection);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = usedImage });
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = binImage });
        await localAws.Control.SeedAsync(new SeedRequest { RecycleBinImages = [new SeedRecycleBinImage { ImageId = binImage, Name = "in-bin" }] });
        const string missing = "snap-0123456789abcdef0";

        var events = await LocalAwsFixture.CollectAsync((stream, token) =>
            new OrphanedSnapshotRemoval(factory).RecheckAsync(connection, [aliveSnapshot, usedSnapshot, binSnapshot, missing], stream, token));

        var refusals = events.OfType<ErrorEvent>().Select(e => e.Error).ToDictionary(e => e.Target!);
        Assert.All(refusals.Values, e => Assert.Equal("SnapshotNotOrphaned", e.ErrorId));
        Assert.All(refusals.Values, e => Assert.DoesNotContain("or an AMI uses it", e.Message));
        Assert.Contains($"its AMI {alive} ('alive') still exists", refusals[aliveSnapshot].Message);
        Assert.Contains($"AMI {user} ('registered-from-it', available) uses it", refusals[usedSnapshot].Message);
        Assert.Contains($"its AMI {binImage} is in the Recycle Bin", refusals[binSnapshot].Message);
        Assert.Contains("no snapshot with this id in us-east-1", refusals[missing].Message);
        Assert.Equal(4, refusals.Count);
    }
}
