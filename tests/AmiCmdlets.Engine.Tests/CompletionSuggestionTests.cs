using System.Diagnostics;
using AmiCmdlets.Engine.Completion;
using AmiCmdlets.Engine.Connection;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>The completers' budget: one call a minute per region and identity, two seconds at most, never an exception.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class CompletionSuggestionTests(LocalAwsFixture localAws)
{
    private DateTime _now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private ConnectionSettings Settings(string region = "us-east-1") => new()
    {
        Region = region,
        Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
        EndpointUrl = localAws.Url,
    };

    private (ImageIdSuggestions Images, KmsAliasSuggestions Aliases) NewSuggestions()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var cache = new SuggestionCache(() => _now);
        return (new ImageIdSuggestions(factory, cache), new KmsAliasSuggestions(factory, cache));
    }

    private async Task<SeedResult> SeedWebAndDbImagesAsync() => await localAws.Control.SeedAsync(new SeedRequest
    {
        Images =
        [
            new SeedImage { Name = "web-2026-11-01", CreationDate = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero) },
            new SeedImage { Name = "web-2026-11-08", CreationDate = new DateTimeOffset(2026, 11, 8, 8, 0, 0, TimeSpan.Zero) },
            new SeedImage { Name = "db-2026-11-01", State = "pending", CreationDate = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero) },
        ],
    });

    [Fact]
    public async Task ImageIdsAreYourOwnNewestFirstFromOneCallCachedForAMinute()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedWebAndDbImagesAsync();
        var (images, _) = NewSuggestions();

        var first = images.Suggest(Settings(), null, "");
        Assert.Equal([seeded.ImageIds[1], seeded.ImageIds[2], seeded.ImageIds[0]], first.Select(s => s.Value));
        Assert.Equal("db-2026-11-01 | pending | created 2026-11-01 09:00 UTC", first[1].Tooltip);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));

        _now += TimeSpan.FromSeconds(59);
        Assert.Equal(3, images.Suggest(Settings(), null, "ami-").Count);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));

        _now += TimeSpan.FromSeconds(2);
        Assert.Equal(3, images.Suggest(Settings(), null, "").Count);
        Assert.Equal(2, await localAws.Control.CountCallsAsync("DescribeImages"));
    }

    [Fact]
    public async Task EachRegionHasItsOwnCacheEntry()
    {
        await localAws.Control.ResetAsync();
        await SeedWebAndDbImagesAsync();
        var (images, _) = NewSuggestions();

        Assert.Equal(3, images.Suggest(Settings("us-east-1"), null, "").Count);
        Assert.Empty(images.Suggest(Settings("eu-west-1"), null, ""));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages", region: "us-east-1"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages", region: "eu-west-1"));
    }

    [Fact]
    public async Task TheTypedWordMatchesIdsOrNamesWithWildcards()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedWebAndDbImagesAsync();
        var (images, _) = NewSuggestions();

        Assert.Equal([seeded.ImageIds[1], seeded.ImageIds[0]], images.Suggest(Settings(), null, "web").Select(s => s.Value));
        Assert.Equal([seeded.ImageIds[2]], images.Suggest(Settings(), null, "'DB-").Select(s => s.Value));
        Assert.Equal([seeded.ImageIds[2], seeded.ImageIds[0]], images.Suggest(Settings(), null, "*-11-01").Select(s => s.Value));
        Assert.Contains(seeded.ImageIds[0], images.Suggest(Settings(), null, seeded.ImageIds[0][..10]).Select(s => s.Value));
        Assert.Empty(images.Suggest(Settings(), null, "nothing"));
    }

    [Fact]
    public async Task ASlowRegionGivesNothingAfterTwoSecondsAndIsAskedAgainNextTime()
    {
        await localAws.Control.ResetAsync();
        await SeedWebAndDbImagesAsync();
        // The region never answers while the fault holds its DescribeImages: only the 2 s limit can end the Tab.
        await localAws.Control.SetFaultsAsync(new FaultSettings { HoldAfter = new Dictionary<string, int> { ["DescribeImages"] = 0 } });
        var (images, _) = NewSuggestions();
        try
        {
            var clock = Stopwatch.StartNew();
            Assert.Empty(images.Suggest(Settings(), null, ""));
            // Gave up at the limit, not earlier (a lower bound holds however busy the machine), and not with an answer.
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"gave up after {clock.Elapsed}");
            Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));
        }
        finally
        {
            await localAws.Control.ClearFaultsAsync();
        }
        // The failure was not cached: the next Tab gets the images. Usually with a new call; but when the hold
        // ends before the first call's cancellation has landed, that call is answered after all and its answer
        // (not a failure) serves the next Tab. On a loaded machine a new call may itself hit the 2 s limit, so a
        // few tries are allowed; each one is a new call.
        var suggestions = 0;
        for (var attempt = 0; attempt < 3 && suggestions == 0; attempt++) suggestions = images.Suggest(Settings(), null, "").Count;
        Assert.Equal(3, suggestions);
        Assert.InRange(await localAws.Control.CountCallsAsync("DescribeImages"), 1, 4);
    }

    [Fact]
    public async Task AThrottledCallIsNotRetriedAndGivesNothing()
    {
        await localAws.Control.ResetAsync();
        await SeedWebAndDbImagesAsync();
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", NextN = 3 } });
        var (images, _) = NewSuggestions();
        try
        {
            Assert.Empty(images.Suggest(Settings(), null, ""));
            Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));
        }
        finally
        {
            await localAws.Control.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task NoRegionOrWrongCredentialsGiveNothingWithoutThrowing()
    {
        await localAws.Control.ResetAsync();
        var (images, aliases) = NewSuggestions();
        var noRegion = Settings();
        noRegion.Region = null;
        Assert.Empty(images.Suggest(noRegion, null, ""));
        Assert.Empty(aliases.Suggest(noRegion, null, ""));
        Assert.Equal(0, (await localAws.Control.GetCallsAsync()).Sum(c => c.Count));

        var wrongSecret = Settings();
        wrongSecret.Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, "not-the-secret");
        Assert.Empty(images.Suggest(wrongSecret, null, ""));
    }

    [Fact]
    public async Task KmsAliasesOfTheRegionWithoutTheAwsManagedOnes()
    {
        await localAws.Control.ResetAsync();
        var keys = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = "eu-west-1",
            Keys = [new SeedKey { Alias = "golden" }, new SeedKey { Alias = "alias/backup" }],
            // An encrypted image makes the AWS-managed alias/aws/ebs key exist, as on AWS.
            Images = [new SeedImage { Name = "encrypted", Encrypted = true }],
        });
        var (_, aliases) = NewSuggestions();

        var all = aliases.Suggest(Settings("eu-west-1"), null, "");
        Assert.Equal(["alias/backup", "alias/golden"], all.Select(s => s.Value));
        Assert.Equal("KMS key " + keys.KeyIds[0] + " in eu-west-1", all[1].Tooltip);
        Assert.Equal(["alias/golden"], aliases.Suggest(Settings("eu-west-1"), null, "gold").Select(s => s.Value));
        Assert.Equal(["alias/golden"], aliases.Suggest(Settings("eu-west-1"), null, "alias/g").Select(s => s.Value));
        Assert.Empty(aliases.Suggest(Settings("us-east-1"), null, ""));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ListAliases", region: "eu-west-1"));
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DescribeImages"));
    }
}
