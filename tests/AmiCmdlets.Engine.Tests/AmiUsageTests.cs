using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Usage;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Get-AmiUsage's engine: the owner's own use live, other accounts' from image usage reports.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AmiUsageTests(LocalAwsFixture localAws)
{
    /// <summary>Fast polls for tests: the policy's shape, not its default pace.</summary>
    internal static WaitPolicy QuickPolicy(double timeoutSeconds = 30) =>
        new(TimeSpan.FromSeconds(timeoutSeconds), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));

    /// <summary>An image of the default account shared with B, run by one instance in B (and one of its own).</summary>
    internal static async Task<string> SharedImageUsedByBAsync(LocalAwsFixture localAws, string name = "web-shared")
    {
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = name, LaunchPermissions = [LocalAwsAccounts.AccountB] }] });
        var imageId = seeded.ImageIds[0];
        await localAws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Instances = [new SeedInstance { ImageId = imageId }] });
        return imageId;
    }

    private async Task<List<EngineEvent>> ReadAsync(string imageId, UsageReportOptions options)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var batch = new RegionBatch(localAws.Connection(factory), [imageId]);
        return await LocalAwsFixture.CollectAsync((events, token) => new AmiUsageReader(factory).ReadAsync([batch], options, events, token));
    }

    [Fact]
    public async Task NamesTheOtherAccountWithItsCountAndTheOwnersOwnInstanceById()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SharedImageUsedByBAsync(localAws);
        var own = (await localAws.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance { ImageId = imageId }] })).InstanceIds[0];

        var events = await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy() });

        Assert.Empty(events.OfType<ErrorEvent>());
        var rows = events.OfType<OutputEvent>().Select(e => (AmiUsage)e.Item).ToList();
        var b = Assert.Single(rows, r => r.UsedByAccountId == LocalAwsAccounts.AccountB);
        Assert.Equal("ec2:Instance", b.ResourceType);
        Assert.Equal(1, b.Count);
        Assert.Empty(b.ResourceIds);
        Assert.StartsWith("amiur-", b.ReportId);
        var mine = Assert.Single(rows, r => r.UsedByAccountId == LocalAwsAccounts.DefaultAccount);
        Assert.Equal([own], mine.ResourceIds);
        Assert.Null(mine.ReportId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
    }

    [Fact]
    public async Task AReportFromTheLastDayIsReusedUnlessRefreshIsAsked()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SharedImageUsedByBAsync(localAws);
        await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy() });
        var again = await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy() });
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
        Assert.Contains(again.OfType<OutputEvent>().Select(e => (AmiUsage)e.Item), r => r.UsedByAccountId == LocalAwsAccounts.AccountB);

        await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy(), Refresh = true });
        Assert.Equal(2, await localAws.Control.CountCallsAsync("CreateImageUsageReport"));
    }

    [Fact]
    public async Task AnUnusedImageIsOneRowWithCountZero()
    {
        await localAws.Control.ResetAsync();
        var imageId = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "lonely" }] })).ImageIds[0];
        var row = Assert.Single((await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy() })).OfType<OutputEvent>().Select(e => (AmiUsage)e.Item));
        Assert.Equal(0, row.Count);
        Assert.Null(row.UsedByAccountId);
    }

    [Fact]
    public async Task AFailedReportIsOneClearErrorAndNoUnusedRow()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SharedImageUsedByBAsync(localAws);
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { FailNextUsageReports = 1 });
        var events = await ReadAsync(imageId, new UsageReportOptions { Policy = QuickPolicy() });
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiUsageReportFailed, error.ErrorId);
        Assert.Equal(imageId, error.Target);
        Assert.DoesNotContain(events.OfType<OutputEvent>().Select(e => (AmiUsage)e.Item), r => r.Count == 0);
    }

    [Fact]
    public async Task AReportStillPendingAtTheTimeoutIsOneClearErrorAndPollsFollowThePolicy()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SharedImageUsedByBAsync(localAws);
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { UsageReportSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        // 1 s with polls every 0.2-0.4 s: at most 5 polls, however fast the machine.
        var policy = new WaitPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
        var events = await ReadAsync(imageId, new UsageReportOptions { Policy = policy });
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiUsageReportTimeout, error.ErrorId);
        Assert.Contains("amiur-", error.Message);
        var polls = await localAws.Control.CountCallsAsync("DescribeImageUsageReports");
        // One look for existing reports, then the polls.
        Assert.InRange(polls - 1, 1, 5);
    }
}
