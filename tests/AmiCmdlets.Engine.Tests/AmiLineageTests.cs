using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Lineage;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Get-AmiAncestry and Find-AmiDescendant: copies and captures, across regions, followed transitively.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AmiLineageTests(LocalAwsFixture localAws)
{
    /// <summary>base (us-east-1) -> copy (eu-west-1) -> capture of an instance of the copy (eu-west-1) -> copy of the capture (us-east-1).</summary>
    private async Task<(string Base, string Copy, string Capture, string CopyOfCapture, string Unrelated)> BuildLineageAsync(AwsClientFactory factory)
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Region = "us-east-1", Images = [new SeedImage { Name = "base" }, new SeedImage { Name = "unrelated" }] });
        var east = localAws.Connection(factory, "us-east-1");
        var west = localAws.Connection(factory, "eu-west-1");
        var copy = (await factory.Ec2(west).CopyImageAsync(new CopyImageRequest { SourceImageId = seeded.ImageIds[0], SourceRegion = "us-east-1", Name = "base-copy" })).ImageId;
        await localAws.Control.FinishPendingAsync();
        var instance = (await factory.Ec2(west).RunInstancesAsync(new RunInstancesRequest { ImageId = copy, MinCount = 1, MaxCount = 1 })).Reservation.Instances[0].InstanceId;
        var capture = (await factory.Ec2(west).CreateImageAsync(new CreateImageRequest { InstanceId = instance, Name = "web-golden", NoReboot = true })).ImageId;
        await localAws.Control.FinishPendingAsync();
        var back = (await factory.Ec2(east).CopyImageAsync(new CopyImageRequest { SourceImageId = capture, SourceRegion = "eu-west-1", Name = "web-golden-dr" })).ImageId;
        await localAws.Control.FinishPendingAsync();
        return (seeded.ImageIds[0], copy, capture, back, seeded.ImageIds[1]);
    }

    [Fact]
    public async Task FindsACaptureFromACopyOfABaseThreeHopsAwayInTwoRegions()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var lineage = await BuildLineageAsync(factory);
        var places = new[] { localAws.Connection(factory, "us-east-1"), localAws.Connection(factory, "eu-west-1") };

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new AmiDescendantFinder(factory).FindAsync([lineage.Base], places, stream, token));

        Assert.Empty(events.OfType<ErrorEvent>());
        var found = events.OfType<OutputEvent>().Select(e => (Ami)e.Item).ToList();
        Assert.Equal([lineage.Copy, lineage.Capture, lineage.CopyOfCapture], found.Select(a => a.ImageId));
        Assert.Equal(["eu-west-1", "eu-west-1", "us-east-1"], found.Select(a => a.Region));
        Assert.DoesNotContain(found, a => a.ImageId == lineage.Unrelated);
    }

    [Fact]
    public async Task FromTheMiddleOnlyWhatCameAfterIsFound()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var lineage = await BuildLineageAsync(factory);
        var places = new[] { localAws.Connection(factory, "us-east-1"), localAws.Connection(factory, "eu-west-1") };

        var events = await LocalAwsFixture.CollectAsync((stream, token) => new AmiDescendantFinder(factory).FindAsync([lineage.Capture], places, stream, token));

        Assert.Equal([lineage.CopyOfCapture], events.OfType<OutputEvent>().Select(e => ((Ami)e.Item).ImageId));
    }

    [Fact]
    public async Task AncestryRunsBackToTheRootAcrossRegions()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var lineage = await BuildLineageAsync(factory);

        var chain = await new AmiAncestryReader(factory).ReadAsync(localAws.Connection(factory, "us-east-1"), lineage.CopyOfCapture, CancellationToken.None);

        Assert.Equal([lineage.CopyOfCapture, lineage.Capture, lineage.Copy, lineage.Base], chain.Select(e => e.ImageId));
        Assert.Equal(["us-east-1", "eu-west-1", "eu-west-1", "us-east-1"], chain.Select(e => e.Region));
        Assert.Equal([0, 1, 2, 3], chain.Select(e => e.Generation));
        Assert.True(chain[^1].IsRoot);
        Assert.All(chain, e => Assert.Equal(lineage.CopyOfCapture, e.DescendantImageId));
    }
}
