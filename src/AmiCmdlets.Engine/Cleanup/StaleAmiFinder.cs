using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Find-StaleAmi: per region, in parallel, one paged DescribeImages of the caller's own images, retention by
/// family, then a usage check of the remaining candidates only (<see cref="ImageUsageIndex"/>, the one
/// removal uses too). An image in use is never proposed unless asked, and then marked. The candidates' snapshots
/// are then read (one DescribeSnapshots per 200) and priced as Get-AmiCost prices them; a summary of count, GiB
/// and monthly cost (<see cref="CostTotals"/>) ends the run.
/// </summary>
public sealed class StaleAmiFinder(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public async Task FindAsync(IReadOnlyList<ResolvedConnection> regions, StaleImageQuery query, EngineEventStream events, CancellationToken cancellationToken)
    {
        var totals = new CostTotals();
        await PlaceFanOut.ForEachPlaceAsync(regions, region => FindInRegionAsync(region, query, totals, events, cancellationToken),
            region => "Looking for stale images in " + region.Region, events, cancellationToken).ConfigureAwait(false);
        events.Information(totals.Summary("stale image(s)"));
    }

    private async Task FindInRegionAsync(ResolvedConnection region, StaleImageQuery query, CostTotals totals, EngineEventStream events, CancellationToken cancellationToken)
    {
        var now = _utcNow();
        var images = new List<ImageSummary>();
        var request = BuildRequest(query);
        await new AmiFinder(clients).ForEachImageAsync(region, request, image => images.Add(ImageSummary.From(image, query.GroupByTag, now)), cancellationToken).ConfigureAwait(false);
        var skippedProtected = images.Count(i => i.Protected);
        if (skippedProtected > 0) events.Verbose(region.Region + ": " + skippedProtected + " image(s) protected from deregistration are never candidates.");

        var candidates = RetentionSelector.Select(images, query.KeepLatest, query.OlderThanDays, now).ToList();
        images = null!; // only the candidates are needed from here on
        if (candidates.Count == 0) return;

        var ec2 = clients.Ec2(region);
        var ids = candidates.Select(c => c.Image.ImageId).ToList();
        var usage = await ImageUsageIndex.BuildAsync(ec2, ids, cancellationToken).ConfigureAwait(false);
        var storage = await SnapshotStorageReader.ReadAsync(clients, region, candidates.SelectMany(c => c.Image.SnapshotIds), cancellationToken).ConfigureAwait(false);

        foreach (var (image, reason) in candidates)
        {
            var users = usage.UsersOf(image.ImageId);
            if (users.Count > 0 && !query.IncludeInUse)
            {
                events.Verbose("Not proposing " + image.ImageId + " ('" + image.Name + "') in " + region.Region + ": still used by " + string.Join(", ", users) + ".");
                continue;
            }
            var snapshots = image.SnapshotIds.Select((id, i) => storage.TryGetValue(id, out var s) ? s : SnapshotStorage.FromVolume(id, image.SnapshotVolumeGiB[i])).ToList();
            var candidate = new AmiCleanupCandidate
            {
                ImageId = image.ImageId,
                Region = region.Region,
                Name = image.Name,
                Family = image.Family ?? "",
                State = image.State,
                CreationDate = image.CreationDate,
                AgeDays = image.AgeDays(now),
                Reason = users.Count == 0 ? reason : reason + "; IN USE by " + string.Join(", ", users),
                SnapshotIds = image.SnapshotIds,
                SnapshotGiB = image.SnapshotGiB,
                EstimatedMonthlyCost = SnapshotCost.Cents(snapshots.Sum(s => SnapshotCost.MonthlyOf(s, region.Region, query.Prices))),
                LastLaunchedTime = image.LastLaunchedTime,
                InUseBy = users,
            };
            totals.Add(PlaceFanOut.NameOf(region), region.Region, snapshots, query.Prices);
            events.Output(candidate);
        }
    }

    internal static DescribeImagesRequest BuildRequest(StaleImageQuery query)
    {
        var filters = new List<Filter>();
        if (query.Names.Count > 0) filters.Add(new Filter("name", query.Names.ToList()));
        foreach (var tag in query.Tags) filters.Add(new Filter("tag:" + tag.Key, new List<string> { tag.Value }));
        return new DescribeImagesRequest
        {
            // Only the caller's own images: someone else's image is never ours to remove.
            Owners = new List<string> { "self" },
            Filters = filters.Count > 0 ? filters : null,
            IncludeDeprecated = true,
            IncludeDisabled = true,
            MaxResults = 1000,
        };
    }
}
