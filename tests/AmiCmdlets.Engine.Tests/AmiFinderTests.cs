using Amazon.Runtime;
using AmiCmdlets.Engine.Connection;
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

    /// <summary>How long a test waits for something LocalAws or the engine must get to; no timing is asserted.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Never happened: " + what);
            await Task.Delay(10);
        }
    }

    private Task<int> DescribeImagesCallsAsync(string region) => localAws.Control.CountCallsAsync("DescribeImages", region: region);

    /// <summary>3,500 images in us-west-2 (four pages of 1,000), and a counter of the DescribeImages answers the engine received.</summary>
    private async Task<(AwsClientFactory Factory, ResolvedConnection Connection, Func<int> Answers)> FourPagesAsync(int count = 3500)
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest { Region = "us-west-2", BulkImages = new SeedBulkImages { Count = count, NamePrefix = "bulk-" } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, "us-west-2");
        var answers = 0;
        ((AmazonServiceClient)factory.Ec2(connection)).AfterResponseEvent += (_, _) => Interlocked.Increment(ref answers);
        return (factory, connection, () => Volatile.Read(ref answers));
    }

    [Fact]
    public async Task TheNextPageIsAskedForWhileTheCurrentOneIsHandledAndNoFurther()
    {
        var (factory, connection, answers) = await FourPagesAsync();
        using var holding = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var handled = 0;
        var request = AmiFinder.BuildRequest(new ImageQuery { Names = ["bulk-*"] });
        var paging = Task.Run(() => new AmiFinder(factory).ForEachImageAsync(connection, request, _ =>
        {
            // The first image of pages 1 and 2 is held until the test has counted.
            if (handled++ is 0 or 1000)
            {
                holding.Release();
                release.Wait();
            }
        }, CancellationToken.None));

        Assert.True(await holding.WaitAsync(Patience));
        await WaitUntilAsync(async () => await DescribeImagesCallsAsync("us-west-2") == 2, "page 2 asked for while page 1 is held");
        release.Release();
        Assert.True(await holding.WaitAsync(Patience));
        await WaitUntilAsync(() => Task.FromResult(answers() == 3), "page 3 received while page 2 is held");
        Assert.Equal(3, await DescribeImagesCallsAsync("us-west-2")); // page 4 waits until page 2 is handled
        release.Release();
        await paging;

        Assert.Equal(3500, handled);
        Assert.Equal(4, await DescribeImagesCallsAsync("us-west-2")); // as many calls as page after page
    }

    [Fact]
    public async Task CancellingMidStreamStopsPaging()
    {
        var (factory, connection, answers) = await FourPagesAsync();
        using var cancel = new CancellationTokenSource();
        using var holding = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var handled = 0;
        var request = AmiFinder.BuildRequest(new ImageQuery { Names = ["bulk-*"] });
        var paging = Task.Run(() => new AmiFinder(factory).ForEachImageAsync(connection, request, _ =>
        {
            if (handled++ == 0)
            {
                holding.Release();
                release.Wait();
            }
        }, cancel.Token));

        Assert.True(await holding.WaitAsync(Patience));
        await WaitUntilAsync(() => Task.FromResult(answers() == 2), "page 2 received while page 1 is held");
        cancel.Cancel(); // Ctrl+C while page 1 is still being written
        release.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paging);

        Assert.Equal(2, await DescribeImagesCallsAsync("us-west-2"));
    }

    [Fact]
    public async Task FindingGoesNoFurtherThanAStreamAndAPageAheadOfAReaderThatDoesNotRead()
    {
        var (factory, connection, answers) = await FourPagesAsync(5000);
        using var events = new EngineEventStream(1000);
        using var cancel = new CancellationTokenSource();
        var find = Task.Run(() => new AmiFinder(factory).FindAsync([connection], new ImageQuery { Names = ["bulk-*"] }, events, cancel.Token));

        // Nobody reads: page 1 fills the stream, page 2 waits for room, page 3 is the page asked for in advance.
        await WaitUntilAsync(() => Task.FromResult(answers() == 3), "page 3 received");
        Assert.False(find.IsCompleted);
        cancel.Cancel(); // the reader stops (Ctrl+C) without having read anything
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => find);
        Assert.Equal(3, await DescribeImagesCallsAsync("us-west-2"));
        events.Complete();
        Assert.Equal(1000, Amis(events.Consume(CancellationToken.None)).Count());
    }

    [Fact]
    public async Task AReaderOfABoundedStreamGetsEveryPageWithTheCallsOfPageAfterPage()
    {
        var (factory, connection, _) = await FourPagesAsync(5000);
        using var events = new EngineEventStream(1000);
        var find = Task.Run(async () =>
        {
            try { await new AmiFinder(factory).FindAsync([connection], new ImageQuery { Names = ["bulk-*"] }, events, CancellationToken.None); }
            finally { events.Complete(); }
        });
        Assert.Equal(5000, Amis(events.Consume(CancellationToken.None)).Select(a => a.ImageId).Distinct().Count());
        await find;
        Assert.Equal(5, await DescribeImagesCallsAsync("us-west-2"));
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
