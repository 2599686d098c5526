using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Usage;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Remove-AmiWithSnapshots and other accounts' use of a shared image (image usage reports).</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ImageRemovalOtherAccountTests(LocalAwsFixture localAws)
{
    private async Task<(List<AmiRemovalResult> Results, List<EngineEvent> Events)> RemoveAsync(IReadOnlyList<string> imageIds, bool force = false, bool checkOtherAccounts = false)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var removal = new ImageRemoval(factory);
        var request = new RemovalRequest
        {
            Batches = [new RegionBatch(localAws.Connection(factory), imageIds)],
            Force = force,
            CheckOtherAccounts = checkOtherAccounts,
            UsagePolicy = AmiUsageTests.QuickPolicy(),
        };
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var plan = await removal.PlanAsync(request, stream, token);
            foreach (var candidate in plan.Candidates) plan.Approve(candidate);
            await removal.ExecuteAsync(plan, stream, token);
        });
        return (events.OfType<OutputEvent>().Select(e => (AmiRemovalResult)e.Item).ToList(), events);
    }

    /// <summary>What Get-AmiUsage leaves behind: an available usage report of the image.</summary>
    private async Task ReportAsync(string imageId)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        await LocalAwsFixture.CollectAsync((events, token) => new AmiUsageReader(factory).ReadAsync(
            [new RegionBatch(localAws.Connection(factory), [imageId])], new UsageReportOptions { Policy = AmiUsageTests.QuickPolicy() }, events, token));
    }

    private async Task<int> ChangesAsync() =>
        (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating && c.Action != "CreateImageUsageReport").Sum(c => c.Count);

    [Fact]
    public async Task ASharedImageTheLatestReportShowsInUseElsewhereIsRefusedWithNoChangeAndForceRemovesIt()
    {
        await localAws.Control.ResetAsync();
        var imageId = await AmiUsageTests.SharedImageUsedByBAsync(localAws);
        await ReportAsync(imageId);

        var (results, events) = await RemoveAsync([imageId]);

        Assert.Empty(results);
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiInUseByOtherAccount, error.ErrorId);
        Assert.Equal(imageId, error.Target);
        Assert.Contains("account " + LocalAwsAccounts.AccountB + " (1 instance)", error.Message);
        Assert.Equal(0, await ChangesAsync());

        var (forced, forcedEvents) = await RemoveAsync([imageId], force: true);
        Assert.True(Assert.Single(forced).Deregistered);
        Assert.Contains(forcedEvents.OfType<WarningEvent>(), w => w.Message.Contains(LocalAwsAccounts.AccountB));
    }

    [Fact]
    public async Task CheckOtherAccountsMakesTheReportFirst()
    {
        await localAws.Control.ResetAsync();
        var imageId = await AmiUsageTests.SharedImageUsedByBAsync(localAws);

        var (results, events) = await RemoveAsync([imageId], checkOtherAccounts: true);

        Assert.Empty(results);
        Assert.Equal(ErrorIds.AmiInUseByOtherAccount, Assert.Single(events.OfType<ErrorEvent>()).Error.ErrorId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
        Assert.Equal(0, await ChangesAsync());
    }

    [Fact]
    public async Task WithoutAReportItSaysOnceThatOtherAccountsWereNotChecked()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "a" }, new SeedImage { Name = "b" }] });

        var (results, events) = await RemoveAsync(seeded.ImageIds);

        Assert.Equal(2, results.Count(r => r.Deregistered));
        var warning = Assert.Single(events.OfType<WarningEvent>(), w => w.Message.Contains("other accounts", StringComparison.OrdinalIgnoreCase)).Message;
        Assert.Contains(seeded.ImageIds[0], warning);
        Assert.Contains(seeded.ImageIds[1], warning);
        Assert.Contains("-CheckOtherAccounts", warning);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
    }
}
