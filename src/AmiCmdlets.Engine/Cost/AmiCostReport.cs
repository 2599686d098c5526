using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// Get-AmiCost: per place, the images (named, or the caller's own), one DescribeSnapshots per 200 of their snapshots
/// for tier and full size, then <see cref="SnapshotCost"/> per snapshot. Without a grouping each image is output as it
/// is priced; with one, the groups' totals (<see cref="CostTotals"/>, the summary rule of Find-StaleAmi) at the end.
/// </summary>
public sealed class AmiCostReport(AwsClientFactory clients)
{
    private readonly ConcurrentQueue<(string Place, AmiCost Cost)> _priced = new ConcurrentQueue<(string, AmiCost)>();

    /// <summary>The named images, per place.</summary>
    public async Task ForImagesAsync(IReadOnlyList<RegionBatch> batches, SnapshotPriceTable prices, CostGrouping? grouping, EngineEventStream events, CancellationToken cancellationToken)
    {
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachAsync(batches, async batch =>
        {
            var images = new List<Image>();
            await finder.ForEachImageByIdAsync(batch.Connection, batch.ImageIds, images.Add, cancellationToken).ConfigureAwait(false);
            foreach (var missing in batch.ImageIds.Except(images.Select(i => i.ImageId), StringComparer.Ordinal)) events.Error(EngineErrors.AmiNotFound(missing, PlaceFanOut.NameOf(batch.Connection)));
            await PriceAsync(batch.Connection, images, prices, grouping, events, cancellationToken).ConfigureAwait(false);
        }, batch => PlaceFanOut.NameOf(batch.Connection), batch => "Get-AmiCost in " + PlaceFanOut.NameOf(batch.Connection), events, cancellationToken,
            scopeOf: batch => batch.Connection.InFleet).ConfigureAwait(false);
        OutputGroups(grouping, prices, events);
    }

    /// <summary>Every image the caller owns in each place (deprecated and disabled ones too), or those whose name matches.</summary>
    public async Task ForPlacesAsync(IReadOnlyList<ResolvedConnection> places, IReadOnlyList<string> names, SnapshotPriceTable prices, CostGrouping? grouping,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachPlaceAsync(places, async place =>
        {
            var images = new List<Image>();
            var request = new DescribeImagesRequest
            {
                Owners = new List<string> { "self" },
                Filters = names.Count > 0 ? new List<Filter> { new Filter("name", names.ToList()) } : null,
                IncludeDeprecated = true,
                IncludeDisabled = true,
                MaxResults = 1000,
            };
            await finder.ForEachImageAsync(place, request, images.Add, cancellationToken).ConfigureAwait(false);
            await PriceAsync(place, images, prices, grouping, events, cancellationToken).ConfigureAwait(false);
        }, place => "Get-AmiCost in " + place.Region, events, cancellationToken).ConfigureAwait(false);
        OutputGroups(grouping, prices, events);
    }

    private async Task PriceAsync(ResolvedConnection place, List<Image> images, SnapshotPriceTable prices, CostGrouping? grouping, EngineEventStream events,
        CancellationToken cancellationToken)
    {
        if (images.Count == 0) return;
        var read = await SnapshotStorageReader.ReadAsync(clients, place, images.SelectMany(SnapshotStorageReader.SnapshotIdsOf), cancellationToken).ConfigureAwait(false);
        foreach (var image in images.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var cost = Price(image, place, SnapshotStorageReader.Of(image, read), prices);
            if (grouping == null) events.Output(cost);
            else _priced.Enqueue((PlaceFanOut.NameOf(place), cost));
        }
    }

    internal static AmiCost Price(Image image, ResolvedConnection place, IReadOnlyList<SnapshotStorage> snapshots, SnapshotPriceTable prices)
    {
        var region = place.Region;
        var lines = snapshots.Select(s => new AmiSnapshotCost
        {
            SnapshotId = s.SnapshotId,
            StorageTier = s.Tier,
            GiB = s.GiB,
            IsEstimate = s.IsEstimate,
            PricePerGiBMonth = SnapshotCost.PriceOf(s, region, prices),
            MonthlyCost = SnapshotCost.MonthlyOf(s, region, prices),
        }).ToList();
        var tiers = lines.Select(l => l.StorageTier).Distinct().ToList();
        return new AmiCost
        {
            ImageId = image.ImageId,
            Region = region,
            Name = image.Name ?? "",
            Family = AmiFamily.FromName(image.Name ?? image.ImageId),
            OwnerId = image.OwnerId ?? "",
            State = image.State?.Value ?? "",
            Tags = (image.Tags ?? new List<Tag>()).GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
            StorageTier = tiers.Count == 1 ? tiers[0] : tiers.Count == 0 ? SnapshotPriceTable.Standard : "mixed",
            StandardGiB = lines.Where(l => l.StorageTier != SnapshotPriceTable.Archive).Sum(l => l.GiB),
            ArchiveGiB = lines.Where(l => l.StorageTier == SnapshotPriceTable.Archive).Sum(l => l.GiB),
            MonthlyCost = SnapshotCost.Cents(lines.Sum(l => l.MonthlyCost)),
            IsEstimate = lines.Any(l => l.IsEstimate),
            Snapshots = lines,
        }.At(place);
    }

    private void OutputGroups(CostGrouping? grouping, SnapshotPriceTable prices, EngineEventStream events)
    {
        if (grouping == null) return;
        foreach (var group in _priced.GroupBy(p => grouping.KeyOf(p.Cost), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var totals = new CostTotals();
            foreach (var (place, cost) in group)
                totals.Add(place, cost.Region, cost.Snapshots.Select(s => new SnapshotStorage(s.SnapshotId, s.StorageTier, s.GiB, s.IsEstimate)), prices);
            events.Output(new AmiCostGroup
            {
                GroupBy = grouping.Name,
                Group = group.Key,
                ImageCount = totals.Items,
                SnapshotCount = totals.SnapshotCount,
                StandardGiB = totals.StandardGiB,
                ArchiveGiB = totals.ArchiveGiB,
                MonthlyCost = totals.MonthlyCost,
                IsEstimate = totals.Estimates > 0,
                ImageIds = group.Select(p => p.Cost.ImageId).ToList(),
            });
        }
    }
}
