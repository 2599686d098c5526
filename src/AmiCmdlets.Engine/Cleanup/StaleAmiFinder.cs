using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Usage;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Find-StaleAmi: per region, in parallel, one paged DescribeImages of the caller's own images, retention by
/// family, the launch rule when asked (<see cref="LaunchRecency"/>), then a usage check of the remaining
/// candidates only (<see cref="ImageUsageIndex"/>, the one removal uses too) and, with -CheckOtherAccounts,
/// their image usage reports (<see cref="UsageReportBroker"/>). An image in use is never proposed unless
/// asked, and then marked; one whose report failed is an error, never a proposal. The candidates' snapshots
/// are then read (one DescribeSnapshots per 200) and priced as Get-AmiCost prices them; a summary of count, GiB
/// and monthly cost per account and in total (<see cref="AccountCostTotals"/>) ends the run.
/// </summary>
public sealed class StaleAmiFinder(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public async Task FindAsync(IReadOnlyList<ResolvedConnection> regions, StaleImageQuery query, EngineEventStream events, CancellationToken cancellationToken)
    {
        var totals = new AccountCostTotals();
        await PlaceFanOut.ForEachPlaceAsync(regions, region => FindInRegionAsync(region, query, totals, events, cancellationToken),
            region => "Looking for stale images in " + PlaceFanOut.NameOf(region), events, cancellationToken).ConfigureAwait(false);
        foreach (var line in totals.Summary("stale image(s)")) events.Information(line);
    }

    private async Task FindInRegionAsync(ResolvedConnection region, StaleImageQuery query, AccountCostTotals totals, EngineEventStream events, CancellationToken cancellationToken)
    {
        var now = _utcNow();
        var images = new List<ImageSummary>();
        var request = BuildRequest(query);
        await new AmiFinder(clients).ForEachImageAsync(region, request, image => images.Add(ImageSummary.From(image, query.GroupByTag, now)), cancellationToken).ConfigureAwait(false);
        var skippedProtected = images.Count(i => i.Protected);
        if (skippedProtected > 0) events.Verbose(PlaceFanOut.NameOf(region) + ": " + skippedProtected + " image(s) protected from deregistration are never candidates.");

        var candidates = RetentionSelector.Select(images, query.KeepLatest, query.OlderThanDays, now).ToList();
        images = null!; // only the candidates are needed from here on
        if (query.NotLaunchedForDays is int notLaunchedFor) candidates = LaunchedLongAgo(candidates, notLaunchedFor, now, region, events);
        if (candidates.Count == 0) return;

        var ec2 = clients.Ec2(region);
        var ids = candidates.Select(c => c.Image.ImageId).ToList();
        // The candidates' snapshots are read while their use is looked up: neither needs the other.
        var storageTask = SnapshotStorageReader.ReadAsync(clients, region, candidates.SelectMany(c => c.Image.SnapshotIds), cancellationToken);
        var usage = await ImageUsageIndex.BuildAsync(ec2, ids, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, UsageReportOutcome>? reports = null;
        if (query.CheckOtherAccounts)
        {
            // Every candidate, shared now or not: an account whose launch permission was revoked may still run it.
            var toCheck = query.IncludeInUse ? ids : ids.Where(id => usage.UsersOf(id).Count == 0).ToList();
            reports = await new UsageReportBroker(clients).ReportsAsync(region, toCheck, new UsageReportOptions { Policy = query.UsagePolicy }, events, cancellationToken).ConfigureAwait(false);
        }
        var storage = await storageTask.ConfigureAwait(false);

        foreach (var (image, reason) in candidates)
        {
            var users = usage.UsersOf(image.ImageId);
            if (reports != null && reports.TryGetValue(image.ImageId, out var report))
            {
                if (report.Failure != null)
                {
                    events.Error(EngineErrors.For(report.Failure, image.ImageId, report.Failure.Message + " " + image.ImageId + " ('" + image.Name + "') is not proposed."));
                    continue;
                }
                if (report.UsedElsewhere) users = users.Concat(report.Uses.Select(u => u.ToString())).ToList();
            }
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
            }.At(region);
            totals.Add(region.AccountId, PlaceFanOut.NameOf(region), region.Region, snapshots, query.Prices);
            events.Output(candidate);
        }
    }

    private static List<(ImageSummary Image, string Reason)> LaunchedLongAgo(List<(ImageSummary Image, string Reason)> candidates, int days, DateTime now,
        ResolvedConnection region, EngineEventStream events)
    {
        var kept = new List<(ImageSummary Image, string Reason)>();
        foreach (var (image, reason) in candidates)
        {
            var launch = LaunchRecency.StaleReason(image.LastLaunchedTime, image.CreationDate, days, now);
            if (launch == null)
            {
                events.Verbose("Not proposing " + image.ImageId + " ('" + image.Name + "') in " + region.Region + ": launched (or made) within the last " + days + " days.");
                continue;
            }
            kept.Add((image, reason + "; " + launch));
        }
        return kept;
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
