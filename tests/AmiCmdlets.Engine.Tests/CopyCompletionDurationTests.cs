using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Copy-AmiToRegion -CompletionDurationMinutes: CopyImage SnapshotCopyCompletionDurationMinutes, checked before any call.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class CopyCompletionDurationTests(LocalAwsFixture localAws)
{
    private static readonly WaitPolicy Quick = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));

    private async Task<string> SeedSourceAsync() =>
        (await localAws.Control.SeedAsync(new SeedRequest { Region = "us-east-1", Images = [new SeedImage { Name = "web-golden" }] })).ImageIds[0];

    [Theory]
    [InlineData(20)]
    [InlineData(0)]
    [InlineData(2895)]
    public async Task ABadDurationErrorsBeforeAnyCall(int minutes)
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var calls = (await localAws.Control.GetCallsAsync()).Sum(c => c.Count);
        var request = new CopyRequest
        {
            Sources = [new CopySource(localAws.Connection(factory), source)],
            Destinations = ["eu-west-1", "eu-central-1"],
            CompletionDurationMinutes = minutes,
        };

        var error = await Assert.ThrowsAsync<AmiOperationException>(() =>
            LocalAwsFixture.CollectAsync((events, token) => new CopyFanOut(factory).PlanAsync(request, events, token)));

        Assert.Equal("InvalidCompletionDuration", error.ErrorId);
        Assert.Contains("15", error.Message);
        Assert.Equal(calls, (await localAws.Control.GetCallsAsync()).Sum(c => c.Count));
    }

    [Fact]
    public async Task ATimeBasedCopyAsksEverySnapshotForTheDuration()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var request = new CopyRequest
        {
            Sources = [new CopySource(localAws.Connection(factory), source)],
            Destinations = ["eu-west-1"],
            CompletionDurationMinutes = 120,
        };
        var fanOut = new CopyFanOut(factory);
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
            await fanOut.ExecuteAndWaitAsync(request, await fanOut.PlanAsync(request, stream, token), Quick, stream, token));

        Assert.Empty(events.OfType<ErrorEvent>());
        var copy = (Ami)Assert.Single(events.OfType<OutputEvent>()).Item;
        var snapshots = await factory.Ec2(localAws.Connection(factory, "eu-west-1"))
            .DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = copy.SnapshotIds.ToList() });
        Assert.NotEmpty(snapshots.Snapshots);
        Assert.All(snapshots.Snapshots, s => Assert.Equal(120, s.CompletionDurationMinutes));
    }
}
