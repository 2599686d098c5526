using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Trust;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>New-GoldenAmi -RequireTrustedSource: the instance's image is judged before anything is captured.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class TrustedSourceCaptureTests(LocalAwsFixture localAws)
{
    private async Task<string> ImageIdAsync(string owner, string name)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var events = await LocalAwsFixture.CollectAsync((e, t) => new AmiFinder(factory).FindAsync([localAws.Connection(factory)], new ImageQuery { Owners = [owner], Names = [name] }, e, t));
        return events.OfType<OutputEvent>().Select(o => (Ami)o.Item).Single().ImageId;
    }

    private async Task<string> InstanceFromAsync(string imageId) =>
        (await localAws.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance { ImageId = imageId }] })).InstanceIds[0];

    private Task<CapturePlan> PlanAsync(string instanceId, AmiTrustPolicy? policy)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        return new GoldenImageCapture(factory).PlanAsync(localAws.Connection(factory), new CaptureRequest { InstanceId = instanceId, NameTemplate = "golden-{date}", TrustPolicy = policy }, CancellationToken.None);
    }

    [Fact]
    public async Task AnInstanceOfACommunityImageIsRefusedBeforeCreateImage()
    {
        await localAws.Control.ResetAsync();
        var lookAlike = await ImageIdAsync(LocalAwsPublishers.CommunityLookAlike, "ubuntu/*");
        var instance = await InstanceFromAsync(lookAlike);
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => PlanAsync(instance, new AmiTrustPolicy()));
        Assert.Equal("AmiNotTrusted", error.ErrorId);
        Assert.Equal(instance, error.Target);
        Assert.Contains("community image", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
        // Without the switch nothing is judged.
        Assert.NotNull(await PlanAsync(instance, null));
    }

    [Fact]
    public async Task AnInstanceOfAQuickStartImagePassesAndFindingsCanStillStopIt()
    {
        await localAws.Control.ResetAsync();
        var instance = await InstanceFromAsync(await ImageIdAsync("amazon", "Windows_Server-2019-English-Full-Base-*"));
        Assert.NotNull(await PlanAsync(instance, new AmiTrustPolicy()));
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => PlanAsync(instance, new AmiTrustPolicy { MaxCriticalFindings = 0 }));
        Assert.Equal("AmiNotTrusted", error.ErrorId);
    }
}
