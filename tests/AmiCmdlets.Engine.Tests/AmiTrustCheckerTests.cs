using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Trust;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class AmiTrustCheckerTests(LocalAwsFixture localAws)
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private async Task<string> BaseImageAsync(string name, string owner = "amazon", string region = "us-east-1")
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var found = new List<Ami>();
        var events = await LocalAwsFixture.CollectAsync((e, t) => new AmiFinder(factory).FindAsync([localAws.Connection(factory, region)],
            new ImageQuery { Owners = [owner], Names = [name], IncludeDeprecated = true }, e, t));
        return events.OfType<OutputEvent>().Select(o => (Ami)o.Item).Single().ImageId;
    }

    private async Task<List<EngineEvent>> CheckAsync(AmiTrustPolicy policy, bool quiet, params string[] imageIds)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var batch = new RegionBatch(localAws.Connection(factory, "us-east-1"), imageIds);
        return await LocalAwsFixture.CollectAsync((events, token) => new AmiTrustChecker(factory).CheckAsync([batch], policy, Now, quiet, events, token));
    }

    private static List<AmiTrustReport> Reports(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => (AmiTrustReport)e.Item).ToList();

    [Fact]
    public async Task ACommunityImageFailsTheDefaultPolicyWithTheReasonAndAQuickStartImagePasses()
    {
        await localAws.Control.ResetAsync();
        var lookAlike = await BaseImageAsync("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*", LocalAwsPublishers.CommunityLookAlike);
        var canonical = await BaseImageAsync("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*", LocalAwsPublishers.Canonical);
        var reports = Reports(await CheckAsync(new AmiTrustPolicy(), quiet: false, lookAlike, canonical));

        var community = reports.Single(r => r.ImageId == lookAlike);
        Assert.False(community.Trusted);
        Assert.Equal(AmiSource.Community, community.Source);
        Assert.False(community.VerifiedProvider);
        Assert.Contains(community.Reasons, r => r.Contains("community image", StringComparison.Ordinal) && r.Contains(LocalAwsPublishers.CommunityLookAlike, StringComparison.Ordinal));
        Assert.Equal(2, community.CriticalFindings);

        var quickStart = reports.Single(r => r.ImageId == canonical);
        Assert.True(quickStart.Trusted, string.Join("; ", quickStart.Reasons));
        Assert.Empty(quickStart.Reasons);
        Assert.Equal(AmiSource.QuickStart, quickStart.Source);
        Assert.Equal(29, quickStart.AgeDays); // 2026-11-01 08:15 to 2026-12-01 00:00: whole days
        Assert.Equal(0, quickStart.CriticalFindings);
        Assert.Equal(canonical, quickStart.AncestryRootImageId);

        var accepted = Reports(await CheckAsync(new AmiTrustPolicy { AllowCommunity = true }, quiet: false, lookAlike)).Single();
        Assert.True(accepted.Trusted);
    }

    [Fact]
    public async Task CriticalFindingsFailMaxCriticalFindingsZero()
    {
        await localAws.Control.ResetAsync();
        var windows2019 = await BaseImageAsync("Windows_Server-2019-English-Full-Base-*");
        Assert.True(Reports(await CheckAsync(new AmiTrustPolicy(), quiet: false, windows2019)).Single().Trusted);
        var report = Reports(await CheckAsync(new AmiTrustPolicy { MaxCriticalFindings = 0 }, quiet: false, windows2019)).Single();
        Assert.False(report.Trusted);
        Assert.Equal(1, report.CriticalFindings);
        Assert.Equal(1, report.MediumFindings);
        Assert.Contains(report.Reasons, r => r.Contains("1 critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarketplaceDeprecatedOldAndUnknownOwnersEachGiveTheirReason()
    {
        await localAws.Control.ResetAsync();
        var marketplace = await BaseImageAsync("cis-hardened-*", "aws-marketplace");
        var oldRelease = await BaseImageAsync("al2023-ami-2023.5.*");
        var reports = Reports(await CheckAsync(new AmiTrustPolicy { MaxAgeDays = 90 }, quiet: false, marketplace, oldRelease));
        var market = reports.Single(r => r.ImageId == marketplace);
        Assert.Equal([LocalAwsPublishers.HardenedUbuntuProductCode], market.ProductCodes);
        Assert.Contains(market.Reasons, r => r.Contains("Marketplace", StringComparison.Ordinal));
        var old = reports.Single(r => r.ImageId == oldRelease);
        Assert.True(old.Deprecated);
        Assert.Contains(old.Reasons, r => r.StartsWith("deprecated since", StringComparison.Ordinal));
        Assert.Contains(old.Reasons, r => r.Contains("-MaxAgeDays 90", StringComparison.Ordinal));

        var onlyCanonical = Reports(await CheckAsync(new AmiTrustPolicy { TrustedOwners = [LocalAwsPublishers.Canonical] }, quiet: false, marketplace)).Single();
        Assert.Contains(onlyCanonical.Reasons, r => r.Contains("not in -TrustedOwner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuietGivesOneBoolPerImageAndFalseForAMissingOne()
    {
        await localAws.Control.ResetAsync();
        var al2023 = await BaseImageAsync("al2023-ami-2023.6.*-x86_64");
        var events = await CheckAsync(new AmiTrustPolicy(), quiet: true, al2023, "ami-0123456789abcdef0");
        Assert.Equal([true, false], events.OfType<OutputEvent>().Select(e => (bool)e.Item));
        Assert.Empty(events.OfType<ErrorEvent>());
        var loud = await CheckAsync(new AmiTrustPolicy(), quiet: false, "ami-0123456789abcdef0");
        Assert.Equal("AmiNotFound", Assert.Single(loud.OfType<ErrorEvent>()).Error.ErrorId);
    }
}
