using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Errors;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Find-StaleAmi -NotLaunchedForDays and -CheckOtherAccounts.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class StaleAmiUsageTests(LocalAwsFixture localAws)
{
    private static readonly DateTime Now = DateTime.UtcNow;

    private async Task<(List<AmiCleanupCandidate> Candidates, List<EngineEvent> Events)> FindAsync(StaleImageQuery query)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var events = await LocalAwsFixture.CollectAsync((stream, token) => new StaleAmiFinder(factory).FindAsync([localAws.Connection(factory)], query, stream, token));
        return (events.OfType<OutputEvent>().Select(e => (AmiCleanupCandidate)e.Item).ToList(), events);
    }

    [Fact]
    public async Task AnOldImageLaunchedYesterdayIsNotStaleWhileNeverLaunchedOnesCountFromCreation()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SeedAsync(new SeedRequest
        {
            Images =
            [
                new SeedImage { Name = "web-2026-01-01", CreationDate = Now.AddDays(-300), LastLaunchedTime = Now.AddDays(-1) },
                new SeedImage { Name = "web-2026-02-01", CreationDate = Now.AddDays(-270), LastLaunchedTime = Now.AddDays(-45) },
                new SeedImage { Name = "web-2026-03-01", CreationDate = Now.AddDays(-240) },
                new SeedImage { Name = "api-2026-11-20", CreationDate = Now.AddDays(-10) },
            ],
        });

        var (candidates, _) = await FindAsync(new StaleImageQuery { KeepLatest = 0, OlderThanDays = 0, NotLaunchedForDays = 30 });

        Assert.Equal(["web-2026-02-01", "web-2026-03-01"], candidates.Select(c => c.Name).Order());
        Assert.Contains("last launched 45 days ago", candidates.Single(c => c.Name == "web-2026-02-01").Reason);
        Assert.Contains("never launched", candidates.Single(c => c.Name == "web-2026-03-01").Reason);
    }

    [Fact]
    public async Task AnImageUsedInAnotherAccountIsNotProposedOrIsMarkedNamingTheAccount()
    {
        await localAws.Control.ResetAsync();
        var used = await AmiUsageTests.SharedImageUsedByBAsync(localAws, "web-2026-01-01");
        await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-2026-02-01", CreationDate = Now.AddDays(-100) }] });
        var query = new StaleImageQuery { KeepLatest = 0, OlderThanDays = 0, CheckOtherAccounts = true, UsagePolicy = AmiUsageTests.QuickPolicy() };

        var (candidates, events) = await FindAsync(query);
        Assert.Equal(["web-2026-02-01"], candidates.Select(c => c.Name));
        Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains(used) && v.Message.Contains(LocalAwsAccounts.AccountB));

        query.IncludeInUse = true;
        var (all, _) = await FindAsync(query);
        var marked = all.Single(c => c.ImageId == used);
        Assert.Contains(marked.InUseBy, u => u.Contains("account " + LocalAwsAccounts.AccountB + " (1 instance)"));
        Assert.Contains(LocalAwsAccounts.AccountB, marked.Reason);
        // The second run reused the report of the first.
        Assert.Equal(2, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
    }

    [Fact]
    public async Task ACandidateWhoseReportFailedIsAnErrorNotAProposal()
    {
        await localAws.Control.ResetAsync();
        var imageId = await AmiUsageTests.SharedImageUsedByBAsync(localAws, "web-2026-01-01");
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { FailNextUsageReports = 1 });
        var (candidates, events) = await FindAsync(new StaleImageQuery { KeepLatest = 0, OlderThanDays = 0, CheckOtherAccounts = true, UsagePolicy = AmiUsageTests.QuickPolicy() });
        Assert.Empty(candidates);
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiUsageReportFailed, error.ErrorId);
        Assert.Equal(imageId, error.Target);
    }
}
