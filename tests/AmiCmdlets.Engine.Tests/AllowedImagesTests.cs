using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Governance;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Set-AmiAllowedSetting: the what-would-break check before enabling, audit mode, and LocalAws's computed verdicts.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AllowedImagesTests(LocalAwsFixture localAws)
{
    private static readonly AmiImageCriterion OnlyAccountB = new() { ImageProvider = [LocalAwsAccounts.AccountB] };

    /// <summary>A public community image of another account, and a running instance of it in the default account.</summary>
    private async Task<(string ImageId, string InstanceId)> SeedCommunityInstanceAsync(AwsClientFactory factory)
    {
        await localAws.Control.ResetAsync();
        var image = (await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = "210987654321",
            Images = [new SeedImage { Name = "community-ubuntu", Public = true, OwnerId = "210987654321" }],
        })).ImageIds[0];
        var instance = (await factory.Ec2(localAws.Connection(factory)).RunInstancesAsync(new RunInstancesRequest { ImageId = image, MinCount = 1, MaxCount = 1 }))
            .Reservation.Instances[0].InstanceId;
        return (image, instance);
    }

    private async Task<int> MutatingCallsAsync() => (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count);

    private async Task<(IReadOnlyList<AllowedImagesChange> Plan, List<EngineEvent> Events)> PlanAsync(AwsClientFactory factory, string state, bool force = false)
    {
        IReadOnlyList<AllowedImagesChange> plan = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
            plan = await new AllowedImagesUpdater(factory).PlanAsync([localAws.Connection(factory).WithAccount(LocalAwsAccounts.DefaultAccount)], state, [OnlyAccountB], force, stream, token));
        return (plan, events);
    }

    [Fact]
    public async Task EnablingWhatWouldBlockARunningInstanceIsRefusedWithTheInstanceNamedAndNoChange()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var (image, instance) = await SeedCommunityInstanceAsync(factory);
        var mutating = await MutatingCallsAsync();

        var (plan, events) = await PlanAsync(factory, AllowedImageRules.Enabled);

        Assert.Empty(plan);
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal("AllowedAmisWouldBlock", error.ErrorId);
        Assert.Contains(instance, error.Message);
        Assert.Contains(image, error.Message);
        Assert.Contains("AuditMode", error.Message);
        Assert.Equal(mutating, await MutatingCallsAsync());
        var settings = await factory.Ec2(localAws.Connection(factory)).GetAllowedImagesSettingsAsync(new GetAllowedImagesSettingsRequest());
        Assert.Equal("disabled", settings.State);
    }

    [Fact]
    public async Task AuditModeGoesThroughAndShowsTheVerdictWithoutBlocking()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var (image, _) = await SeedCommunityInstanceAsync(factory);

        var (plan, events) = await PlanAsync(factory, AllowedImageRules.AuditMode);
        Assert.Empty(events.OfType<ErrorEvent>());
        var output = await LocalAwsFixture.CollectAsync((stream, token) => new AllowedImagesUpdater(factory).ExecuteAsync(plan, stream, token));

        var setting = (AmiAllowedSetting)Assert.Single(output.OfType<OutputEvent>()).Item;
        Assert.Equal("AuditMode", setting.State);
        var ec2 = factory.Ec2(localAws.Connection(factory));
        var settings = await ec2.GetAllowedImagesSettingsAsync(new GetAllowedImagesSettingsRequest());
        Assert.Equal("audit-mode", settings.State);
        Assert.Equal([LocalAwsAccounts.AccountB], Assert.Single(settings.ImageCriteria).ImageProviders);
        var described = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [image] })).Images[0];
        Assert.False(described.ImageAllowed);
        // Audit mode blocks nothing.
        await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = image, MinCount = 1, MaxCount = 1 });
    }

    [Fact]
    public async Task ForcedEnableWarnsAndThenLaunchesOfImagesNotAllowedFail()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var (image, instance) = await SeedCommunityInstanceAsync(factory);
        var own = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "our-golden" }] })).ImageIds[0];

        var (plan, events) = await PlanAsync(factory, AllowedImageRules.Enabled, force: true);
        Assert.Empty(events.OfType<ErrorEvent>());
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.Contains(instance));
        await LocalAwsFixture.CollectAsync((stream, token) => new AllowedImagesUpdater(factory).ExecuteAsync(plan, stream, token));

        var ec2 = factory.Ec2(localAws.Connection(factory));
        await Assert.ThrowsAnyAsync<Amazon.EC2.AmazonEC2Exception>(() => ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = image, MinCount = 1, MaxCount = 1 }));
        // Your own images are always allowed.
        await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = own, MinCount = 1, MaxCount = 1 });
        var metadata = await ec2.DescribeInstanceImageMetadataAsync(new DescribeInstanceImageMetadataRequest { InstanceIds = [instance] });
        Assert.False(metadata.InstanceImageMetadata[0].ImageMetadata.ImageAllowed);
    }

    [Fact]
    public void CriteriaFollowAwsRules()
    {
        var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var amazon = new ImageFacts { ImageId = "ami-1", Name = "al2023-ami-2026", OwnerId = "137112412989", OwnerAlias = "amazon", CreationDate = now.AddDays(-40) };
        Assert.True(AllowedImageRules.Allows([new AmiImageCriterion { ImageProvider = ["amazon"] }], amazon, "123456789012", now));
        Assert.False(AllowedImageRules.Allows([new AmiImageCriterion { ImageProvider = ["amazon"], MaxImageAgeDays = 30 }], amazon, "123456789012", now));
        Assert.True(AllowedImageRules.Allows([new AmiImageCriterion { ImageProvider = ["amazon"], MaxImageAgeDays = 30 }, new AmiImageCriterion { ImageName = ["al2023-*"] }], amazon, "123456789012", now));
        Assert.False(AllowedImageRules.Allows([], amazon, "123456789012", now));
        Assert.True(AllowedImageRules.Allows([], amazon, "137112412989", now));
        Assert.Throws<AmiOperationException>(() => AllowedImageRules.Validate(new AmiImageCriterion { ImageProvider = ["none", "amazon"] }));
    }
}
