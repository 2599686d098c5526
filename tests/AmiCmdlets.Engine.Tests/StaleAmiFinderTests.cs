using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cleanup;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class StaleAmiFinderTests(LocalAwsFixture localAws)
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private static SeedImage Aged(string name, int daysOld, Dictionary<string, string>? tags = null, bool protectedImage = false) => new()
    {
        Name = name,
        CreationDate = new DateTimeOffset(Now.AddDays(-daysOld)),
        Tags = tags,
        DeregistrationProtection = protectedImage,
    };

    private async Task<(List<AmiCleanupCandidate> Candidates, List<EngineEvent> Events)> FindAsync(StaleImageQuery query, params string[] regions)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connections = (regions.Length == 0 ? ["us-east-1"] : regions).Select(r => localAws.Connection(factory, r)).ToList();
        var events = await LocalAwsFixture.CollectAsync((stream, token) => new StaleAmiFinder(factory).FindAsync(connections, query, stream, token));
        return (events.OfType<OutputEvent>().Select(e => (AmiCleanupCandidate)e.Item).ToList(), events);
    }

    [Fact]
    public async Task KeepsTheNewestPerFamilyAndOnlyProposesOldOnes()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Images =
            [
                Aged("web-2026-08-18", 100), Aged("web-2026-08-28", 90), Aged("web-2026-09-07", 80), Aged("web-2026-09-17", 70),
                Aged("web-2026-11-06", 20), Aged("web-2026-11-16", 10),
                Aged("api-1.0.0", 200), Aged("api-1.1.0", 150),
            ],
        });
        var (defaults, _) = await FindAsync(new StaleImageQuery());
        Assert.Equal(["web-2026-08-18", "web-2026-08-28", "web-2026-09-07"], defaults.Select(c => c.Name).Order());
        Assert.All(defaults, c => Assert.Equal("web", c.Family));

        var (strict, _) = await FindAsync(new StaleImageQuery { KeepLatest = 1, OlderThanDays = 60 });
        Assert.Equal(["api-1.0.0", "web-2026-08-18", "web-2026-08-28", "web-2026-09-07", "web-2026-09-17"], strict.Select(c => c.Name).Order());

        var (named, _) = await FindAsync(new StaleImageQuery { Names = ["api-*"], KeepLatest = 0, OlderThanDays = 0 });
        Assert.Equal(2, named.Count);
    }

    [Fact]
    public async Task FailedBuildsNeverPushTheLastGoodImageOut()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Images =
            [
                Aged("web-2026-09-27", 60),
                Aged("web-2026-09-20", 67) with { State = "failed" },
                Aged("web-2026-11-23", 3) with { State = "failed" },
                Aged("web-2026-11-24", 2) with { State = "failed" },
                Aged("web-2026-11-25", 1) with { State = "failed" },
            ],
        });
        var (candidates, _) = await FindAsync(new StaleImageQuery());
        var candidate = Assert.Single(candidates);
        Assert.Equal("web-2026-09-20", candidate.Name);
        Assert.StartsWith("failed; ", candidate.Reason);
    }

    [Fact]
    public async Task GroupsByATagWhenAsked()
    {
        await localAws.Control.ResetAsync();
        var app = (string value) => new Dictionary<string, string> { ["App"] = value };
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [Aged("alpha", 90, app("shop")), Aged("beta", 80, app("shop")), Aged("gamma", 70, app("shop")), Aged("delta", 60, app("blog"))],
        });
        var (byTag, _) = await FindAsync(new StaleImageQuery { GroupByTag = "App", KeepLatest = 1 });
        Assert.Equal(["alpha", "beta"], byTag.Select(c => c.Name).Order());
        Assert.All(byTag, c => Assert.Equal("shop", c.Family));
    }

    [Fact]
    public async Task NeverProposesImagesInUseProtectedOrOwnedBySomeoneElse()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [Aged("web-1", 100), Aged("web-2", 90), Aged("web-3", 80, protectedImage: true), Aged("web-4", 70), Aged("web-5", 5), Aged("web-6", 4), Aged("web-7", 3)],
        });
        await localAws.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance { ImageId = seeded.ImageIds[0], State = "stopped" }] });
        await localAws.Control.SeedAsync(new SeedRequest { LaunchTemplates = [new SeedLaunchTemplate { Name = "web-asg", ImageId = seeded.ImageIds[1] }] });
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountB,
            Images = [new SeedImage { Name = "web-0", CreationDate = new DateTimeOffset(Now.AddDays(-300)), LaunchPermissions = [LocalAwsAccounts.DefaultAccount] }],
        });

        var (candidates, events) = await FindAsync(new StaleImageQuery());
        Assert.Equal(["web-4"], candidates.Select(c => c.Name));
        Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains("instance") && v.Message.Contains(seeded.ImageIds[0]));
        Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains("launch template 'web-asg'"));

        var (marked, _) = await FindAsync(new StaleImageQuery { IncludeInUse = true });
        Assert.Equal(["web-1", "web-2", "web-4"], marked.Select(c => c.Name).Order());
        Assert.Contains("IN USE", marked.Single(c => c.Name == "web-2").Reason);
        Assert.NotEmpty(marked.Single(c => c.Name == "web-1").InUseBy);
        Assert.Empty(marked.Single(c => c.Name == "web-4").InUseBy);
    }

    [Fact]
    public async Task CountsTheMoneyAndSaysItIsAnUpperBound()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "big-1", CreationDate = new DateTimeOffset(Now.AddDays(-90)),
                BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/xvdb", SizeGiB = 100 }] }],
        });
        var (candidates, events) = await FindAsync(new StaleImageQuery { KeepLatest = 0 });
        var candidate = Assert.Single(candidates);
        Assert.Equal(108, candidate.SnapshotGiB);
        Assert.Equal(5.40m, candidate.EstimatedMonthlyCost);
        Assert.Equal(2, candidate.SnapshotIds.Count);
        Assert.InRange(candidate.AgeDays, 89, 90);
        var summary = Assert.Single(events.OfType<InformationEvent>()).Message;
        Assert.Contains("1 stale image(s), 108 GiB", summary);
        Assert.Contains("$5.40 a month", summary);
        Assert.Contains("upper bound", summary);
    }

    [Fact]
    public async Task ScansRegionsTogether()
    {
        await localAws.Control.ResetAsync();
        foreach (var region in new[] { "us-east-1", "eu-west-1" })
            await localAws.Control.SeedAsync(new SeedRequest { Region = region, Images = [Aged("app-1", 60), Aged("app-2", 50)] });
        var (candidates, _) = await FindAsync(new StaleImageQuery { KeepLatest = 1 }, "us-east-1", "eu-west-1");
        Assert.Equal(["eu-west-1", "us-east-1"], candidates.Select(c => c.Region).Order());
    }
}
