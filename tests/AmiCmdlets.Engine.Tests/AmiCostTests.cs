using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Retirement;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class AmiCostTests(LocalAwsFixture localAws)
{
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-200);

    /// <summary>
    /// web-1: 100 GiB volume, full size reported 40 GiB, standard: 40 x 0.05 = 2.00
    /// web-2: 50 GiB archived (full size 50 GiB): 50 x 0.0125 = 0.625
    /// api-1: two volumes 8 + 30 GiB, no full size reported (estimate), standard: 38 x 0.05 = 1.90
    /// and in eu-west-1 db-1: 20 GiB reported 10 GiB, standard: 0.50.
    /// </summary>
    private async Task<List<string>> SeedAsync()
    {
        var us = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images =
            [
                new SeedImage { Name = "web-1", CreationDate = Old, Tags = new Dictionary<string, string> { ["App"] = "shop" },
                    BlockDevices = [new SeedBlockDevice { SizeGiB = 100, FullSnapshotSizeInBytes = 40 * GiB }] },
                new SeedImage { Name = "web-2", CreationDate = Old.AddDays(1), Tags = new Dictionary<string, string> { ["App"] = "shop" },
                    BlockDevices = [new SeedBlockDevice { SizeGiB = 50, StorageTier = "archive" }] },
                new SeedImage { Name = "api-1", CreationDate = Old,
                    BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/xvdb", SizeGiB = 30 }] },
            ],
        });
        var eu = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = "eu-west-1",
            Images = [new SeedImage { Name = "db-1", CreationDate = Old, BlockDevices = [new SeedBlockDevice { SizeGiB = 20, FullSnapshotSizeInBytes = 10 * GiB }] }],
        });
        return [.. us.ImageIds, .. eu.ImageIds];
    }

    private async Task<List<EngineEvent>> ReportAsync(string? groupBy, SnapshotPriceTable? prices = null)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var places = new[] { "us-east-1", "eu-west-1" }.Select(r => localAws.Connection(factory, r)).ToList();
        return await LocalAwsFixture.CollectAsync((s, t) => new AmiCostReport(factory).ForPlacesAsync(places, [], prices ?? SnapshotPriceTable.Default, CostGrouping.Parse(groupBy), s, t));
    }

    [Fact]
    public async Task PricesEachSnapshotByTierAndFullSizeAndFlagsVolumeSizesAsEstimates()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync();
        var costs = (await ReportAsync(null)).OfType<OutputEvent>().Select(e => (AmiCost)e.Item).ToDictionary(c => c.Name);
        Assert.Equal(2.00m, costs["web-1"].MonthlyCost);
        Assert.Equal(40m, costs["web-1"].StandardGiB);
        Assert.False(costs["web-1"].IsEstimate);
        Assert.Equal(0.63m, costs["web-2"].MonthlyCost);
        Assert.Equal("archive", costs["web-2"].StorageTier);
        Assert.Equal(0.0125m, Assert.Single(costs["web-2"].Snapshots).PricePerGiBMonth);
        Assert.Equal(1.90m, costs["api-1"].MonthlyCost);
        Assert.True(costs["api-1"].IsEstimate);
        Assert.Equal(2, costs["api-1"].Snapshots.Count);
        Assert.Equal(0.50m, costs["db-1"].MonthlyCost);
        Assert.Equal("eu-west-1", costs["db-1"].Region);
    }

    [Fact]
    public async Task GroupsByFamilyRegionAccountAndTagWithExactTotals()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync();
        static Dictionary<string, AmiCostGroup> Groups(List<EngineEvent> events) =>
            events.OfType<OutputEvent>().Select(e => (AmiCostGroup)e.Item).ToDictionary(g => g.Group);

        var family = Groups(await ReportAsync("Family"));
        Assert.Equal(2.63m, family["web"].MonthlyCost); // 2.00 + 0.625, rounded once
        Assert.Equal(2, family["web"].ImageCount);
        Assert.Equal(50m, family["web"].ArchiveGiB);
        Assert.Equal(1.90m, family["api"].MonthlyCost);
        Assert.True(family["api"].IsEstimate);

        var region = Groups(await ReportAsync("Region"));
        Assert.Equal(4.53m, region["us-east-1"].MonthlyCost); // 2.00 + 0.625 + 1.90
        Assert.Equal(0.50m, region["eu-west-1"].MonthlyCost);

        var account = Groups(await ReportAsync("Account"));
        Assert.Equal(5.03m, Assert.Single(account).Value.MonthlyCost);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, account.Keys.Single());

        var tag = Groups(await ReportAsync("Tag:App"));
        Assert.Equal(2.63m, tag["shop"].MonthlyCost);
        Assert.Equal(2.40m, tag[CostGrouping.NoTag].MonthlyCost);

        var overridden = Groups(await ReportAsync("Region", SnapshotPriceTable.Default.With(null, [new("archive", 0.01m), new("eu-west-1/standard", 0.1m)])));
        Assert.Equal(4.40m, overridden["us-east-1"].MonthlyCost); // 2.00 + 0.50 + 1.90
        Assert.Equal(1.00m, overridden["eu-west-1"].MonthlyCost);
    }

    [Fact]
    public async Task FindStaleAmiSummaryAgreesWithGetAmiCost()
    {
        await localAws.Control.ResetAsync();
        await SeedAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var places = new[] { "us-east-1", "eu-west-1" }.Select(r => localAws.Connection(factory, r)).ToList();
        var stale = await LocalAwsFixture.CollectAsync((s, t) => new StaleAmiFinder(factory).FindAsync(places, new StaleImageQuery { KeepLatest = 0 }, s, t));
        var candidates = stale.OfType<OutputEvent>().Select(e => (AmiCleanupCandidate)e.Item).ToList();
        Assert.Equal(4, candidates.Count);
        Assert.Equal(0.63m, candidates.Single(c => c.Name == "web-2").EstimatedMonthlyCost);
        var summary = Assert.Single(stale.OfType<InformationEvent>()).Message;

        var batches = candidates.GroupBy(c => c.Region).Select(g => new RegionBatch(localAws.Connection(factory, g.Key), g.Select(c => c.ImageId))).ToList();
        var groups = await LocalAwsFixture.CollectAsync((s, t) => new AmiCostReport(factory).ForImagesAsync(batches, SnapshotPriceTable.Default, CostGrouping.Parse("Account"), s, t));
        var total = (AmiCostGroup)Assert.Single(groups.OfType<OutputEvent>()).Item;
        Assert.Equal(5.03m, total.MonthlyCost);
        Assert.Contains("about $5.03 a month", summary);
        Assert.Contains("4 stale image(s), 138 GiB of snapshots (50 GiB archived)", summary);
    }

    [Fact]
    public void ThePriceTableRefusesUnknownKeysAndPricesOutOfRange()
    {
        Assert.Equal(ErrorIds.InvalidPriceTable, Assert.Throws<AmiOperationException>(() => SnapshotPriceTable.Default.With(null, [new("glacier", 0.01m)])).ErrorId);
        Assert.Equal(ErrorIds.InvalidPriceTable, Assert.Throws<AmiOperationException>(() => SnapshotPriceTable.Default.With(null, [new("archive", 101m)])).ErrorId);
        var table = SnapshotPriceTable.Default.With(0.06m, [new("ap-south-1/archive", 0.02m)]);
        Assert.Equal(0.06m, table.PricePerGiBMonth("us-east-1", "standard"));
        Assert.Equal(0.02m, table.PricePerGiBMonth("ap-south-1", "archive"));
        Assert.Equal(0.0125m, table.PricePerGiBMonth("eu-west-1", "archive"));
    }
}
