using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Images;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class AmiFinderTests(LocalAwsFixture localAws)
{
    private static IEnumerable<Ami> Amis(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => (Ami)e.Item);
    private static IEnumerable<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error);

    private async Task<SeedResult> SeedAsync(string region, params SeedImage[] images) =>
        await localAws.Control.SeedAsync(new SeedRequest { Region = region, Images = images });

    private async Task<List<EngineEvent>> FindAsync(ImageQuery query, params string[] regions)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connections = regions.Select(r => localAws.Connection(factory, r)).ToList();
        return await LocalAwsFixture.CollectAsync((events, token) => new AmiFinder(factory).FindAsync(connections, query, events, token));
    }

    [Fact]
    public async Task NameWildcardFindsOwnImagesWithAllTheirDetails()
    {
        await localAws.Control.ResetAsync();
        var created = new DateTimeOffset(2026, 11, 1, 12, 30, 0, TimeSpan.Zero);
        await SeedAsync("us-east-1",
            new SeedImage { Name = "web-2026-11-01", CreationDate = created, Tags = new Dictionary<string, string> { ["Team"] = "web", ["team"] = "lower" },
                BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/xvdb", SizeGiB = 100 }] },
            new SeedImage { Name = "db-2026-11-01" });

        var events = await FindAsync(new ImageQuery { Names = ["web-*"] }, "us-east-1");
        var ami = Assert.Single(Amis(events));
        Assert.Empty(Errors(events));
        Assert.Equal("web-2026-11-01", ami.Name);
        Assert.Equal("us-east-1", ami.Region);
        Assert.Equal("available", ami.State);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, ami.OwnerId);
        Assert.Equal(created.UtcDateTime, ami.CreationDate);
        Assert.Equal(DateTimeKind.Utc, ami.CreationDate!.Value.Kind);
        Assert.Equal(2, ami.SnapshotIds.Count);
        Assert.Equal(108, ami.SnapshotGiB);
        Assert.Equal("web", ami.Tags["Team"]);
        Assert.Equal("lower", ami.Tags["team"]);
    }

    [Fact]
    public async Task DefaultOwnerIsSelfSoPublicBaseImagesStayOut()
    {
        await localAws.Control.ResetAsync();
        Assert.Empty(Amis(await FindAsync(new ImageQuery(), "us-east-1")));
        var amazon = Amis(await FindAsync(new ImageQuery { Owners = ["amazon"] }, "us-east-1")).ToList();
        Assert.NotEmpty(amazon);
        Assert.All(amazon, a => Assert.True(a.Public));
    }

    [Fact]
    public async Task MissingLiteralIdIsOneErrorAndTheOthersAreStillReturned()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync("us-east-1", new SeedImage { Name = "a-1" }, new SeedImage { Name = "b-1" });
        const string missing = "ami-0123456789abcdef0";
        var events = await FindAsync(new ImageQuery { ImageIds = [seeded.ImageIds[0], missing, seeded.ImageIds[1]] }, "us-east-1");
        Assert.Equal(seeded.ImageIds.Order(), Amis(events).Select(a => a.ImageId).Order());
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNotFound", error.ErrorId);
        Assert.Equal(missing, error.Target);
    }

    [Fact]
    public async Task WildcardThatMatchesNothingIsNoError()
    {
        await localAws.Control.ResetAsync();
        var events = await FindAsync(new ImageQuery { Names = ["nothing-*"], ImageIds = ["ami-ffff*"] }, "us-east-1");
        Assert.Empty(events);
    }

    [Fact]
    public async Task TagsMustAllMatch()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync("us-east-1",
            new SeedImage { Name = "both", Tags = new Dictionary<string, string> { ["Team"] = "web", ["Env"] = "prod" } },
            new SeedImage { Name = "one", Tags = new Dictionary<string, string> { ["Team"] = "web", ["Env"] = "dev" } });
        var events = await FindAsync(new ImageQuery { Tags = new Dictionary<string, string> { ["Team"] = "web", ["Env"] = "prod" } }, "us-east-1");
        Assert.Equal("both", Assert.Single(Amis(events)).Name);
    }

    [Fact]
    public async Task RegionsAreQueriedTogetherAndEachImageSaysWhereItLives()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync("us-east-1", new SeedImage { Name = "web-east" });
        await SeedAsync("eu-west-1", new SeedImage { Name = "web-eu" });
        await SeedAsync("ap-southeast-2", new SeedImage { Name = "web-syd" });
        var amis = Amis(await FindAsync(new ImageQuery { Names = ["web-*"] }, "us-east-1", "eu-west-1", "ap-southeast-2")).ToList();
        Assert.Equal(3, amis.Count);
        Assert.Equal("eu-west-1", amis.Single(a => a.Name == "web-eu").Region);
        var calls = await localAws.Control.GetCallsAsync();
        Assert.Equal(3, calls.Where(c => c.Action == "DescribeImages").Select(c => c.Region).Distinct().Count());
    }

    [Fact]
    public async Task OthersDeprecatedImagesAppearOnlyWhenAskedOrNamed()
    {
        // As on AWS, owners always see their deprecated images; other accounts only with IncludeDeprecated or by id.
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountC,
            Images = [new SeedImage { Name = "vendor-old", Public = true, DeprecationTime = DateTimeOffset.UtcNow.AddDays(-1) }],
        });
        var byOwner = new ImageQuery { Owners = [LocalAwsAccounts.AccountC] };
        Assert.Empty(Amis(await FindAsync(byOwner, "us-east-1")));
        var shown = Assert.Single(Amis(await FindAsync(new ImageQuery { Owners = [LocalAwsAccounts.AccountC], IncludeDeprecated = true }, "us-east-1")));
        Assert.NotNull(shown.DeprecationTime);
        Assert.Single(Amis(await FindAsync(new ImageQuery { ImageIds = [seeded.ImageIds[0]] }, "us-east-1")));
        await SeedAsync("us-east-1", new SeedImage { Name = "mine-old", DeprecationTime = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Single(Amis(await FindAsync(new ImageQuery { Names = ["mine-old"] }, "us-east-1")));
    }

    [Fact]
    public async Task PagesAreFollowedToTheEnd()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest { Region = "us-west-2", BulkImages = new SeedBulkImages { Count = 2500, NamePrefix = "bulk-" } });
        var amis = Amis(await FindAsync(new ImageQuery { Names = ["bulk-*"] }, "us-west-2")).ToList();
        Assert.Equal(2500, amis.Select(a => a.ImageId).Distinct().Count());
        Assert.Equal(3, await localAws.Control.CountCallsAsync("DescribeImages", region: "us-west-2"));
    }

    [Fact]
    public async Task UnavailableRegionIsReportedAndTheOtherRegionsStillAnswer()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync("us-east-1", new SeedImage { Name = "web-1" });
        await localAws.Control.SetFaultsAsync(new FaultSettings { UnavailableRegions = ["eu-west-3"] });
        try
        {
            var events = await FindAsync(new ImageQuery { Names = ["web-*"] }, "us-east-1", "eu-west-3");
            Assert.Equal("web-1", Assert.Single(Amis(events)).Name);
            var error = Assert.Single(Errors(events));
            Assert.Equal("eu-west-3", error.Target);
            Assert.Equal("AwsServiceUnavailable", error.ErrorId);
        }
        finally { await localAws.Control.ClearFaultsAsync(); }
    }

    [Fact]
    public async Task ThrottledCallsAreRetried()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync("us-east-1", new SeedImage { Name = "web-1" });
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", NextN = 2 } });
        var events = await FindAsync(new ImageQuery { Names = ["web-*"] }, "us-east-1");
        Assert.Single(Amis(events));
        Assert.Equal(3, await localAws.Control.CountCallsAsync("DescribeImages"));
    }
}
