using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Images;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Where every Ami comes from: Source, VerifiedProvider and product codes, and Get-Ami -Source.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ImageSourceTests(LocalAwsFixture localAws)
{
    private static IEnumerable<Ami> Amis(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => (Ami)e.Item);

    private async Task<List<Ami>> FindAsync(ImageQuery query, string region = "us-east-1")
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, region);
        return Amis(await LocalAwsFixture.CollectAsync((events, token) => new AmiFinder(factory).FindAsync([connection], query, events, token))).ToList();
    }

    [Fact]
    public async Task EveryKindOfOwnerGetsItsSource()
    {
        await localAws.Control.ResetAsync();
        var shared = await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountB,
            Images = [new SeedImage { Name = "shared-base", LaunchPermissions = [LocalAwsAccounts.DefaultAccount] }],
        });
        var own = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "mine", ProductCodes = ["prodinherited"] }] });

        var visible = await FindAsync(new ImageQuery { Owners = ["amazon", "aws-marketplace", LocalAwsPublishers.Canonical, LocalAwsPublishers.CommunityLookAlike, LocalAwsAccounts.AccountB, "self"] });
        AmiSource SourceOf(Func<Ami, bool> which) => visible.Single(which).Source;
        Assert.Equal(AmiSource.QuickStart, SourceOf(a => a.Name.StartsWith("al2023-ami-2023.6", StringComparison.Ordinal) && a.Architecture == "x86_64"));
        Assert.Equal(AmiSource.QuickStart, SourceOf(a => a.OwnerId == LocalAwsPublishers.Canonical && a.Architecture == "x86_64" && a.Name.Contains("noble", StringComparison.Ordinal)));
        Assert.Equal(AmiSource.Community, SourceOf(a => a.OwnerId == LocalAwsPublishers.CommunityLookAlike));
        Assert.Equal(AmiSource.SharedWithYou, SourceOf(a => a.ImageId == shared.ImageIds[0]));
        // A capture of a Marketplace image is yours, and still carries the product code (and the fees).
        var mine = visible.Single(a => a.ImageId == own.ImageIds[0]);
        Assert.Equal(AmiSource.Custom, mine.Source);
        Assert.Equal(["prodinherited"], mine.ProductCodes);
        var marketplace = visible.Single(a => a.OwnerAlias == "aws-marketplace");
        Assert.Equal(AmiSource.Marketplace, marketplace.Source);
        Assert.True(marketplace.VerifiedProvider);
        Assert.Equal([LocalAwsPublishers.HardenedUbuntuProductCode], marketplace.ProductCodes);
        Assert.False(visible.Single(a => a.OwnerId == LocalAwsPublishers.CommunityLookAlike).VerifiedProvider);
        Assert.False(mine.VerifiedProvider);
    }

    [Fact]
    public async Task SourceFilterNarrowsWhatIsAskedForAndWhatIsReturned()
    {
        await localAws.Control.ResetAsync();
        var community = await FindAsync(new ImageQuery { Sources = [AmiSource.Community], Names = ["ubuntu/*"] });
        Assert.Equal(LocalAwsPublishers.CommunityLookAlike, Assert.Single(community).OwnerId);
        var quickStart = await FindAsync(new ImageQuery { Sources = [AmiSource.QuickStart], Names = ["ubuntu/*"] });
        Assert.NotEmpty(quickStart);
        Assert.All(quickStart, a => Assert.Equal(LocalAwsPublishers.Canonical, a.OwnerId));
        var marketplace = await FindAsync(new ImageQuery { Sources = [AmiSource.Marketplace] });
        Assert.Equal("aws-marketplace", Assert.Single(marketplace).OwnerAlias);
    }
}
