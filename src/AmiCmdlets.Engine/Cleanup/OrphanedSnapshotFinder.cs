using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Sharing;
using Amazon.Runtime;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Snapshots left behind by AMIs: owned by the caller, made by CreateImage or CopyImage (their description
/// says so and names the AMI), for an AMI that no longer exists (nor waits in the Recycle Bin), and used by
/// no AMI now. Three paged calls per region: DescribeSnapshots (filtered on those descriptions), the
/// account's images, and ListImagesInRecycleBin. Then one DescribeSnapshotAttribute per orphan found, since
/// the owner cannot see other accounts' AMIs or volumes: a snapshot shared with them (or public) may back
/// one, so it is reported as Shared, with whom, not as a safe orphan. EC2 has no query for "shared with
/// anyone" (DescribeSnapshots RestorableBy needs the account ids), hence the per-orphan call, 8 at a time.
/// </summary>
public sealed class OrphanedSnapshotFinder(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private static readonly List<string> AmiSnapshotDescriptions = new List<string> { "Created by CreateImage(*) for ami-*", "Copied for DestinationAmi ami-*" };
    private static readonly Regex FormerImage = new Regex(@"(?:for|DestinationAmi) (ami-[0-9a-f]+)", RegexOptions.CultureInvariant);

    /// <summary>The AMI a snapshot was made for, from the description CreateImage or CopyImage gave it; null for any other snapshot.</summary>
    internal static string? ImageNamedBy(string? description)
    {
        var match = FormerImage.Match(description ?? "");
        return match.Success ? match.Groups[1].Value : null;
    }
    private readonly AwsClientFactory _clients = clients;
    private readonly SharingStateReader _sharing = new SharingStateReader(clients);
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    /// <summary>Every orphan of every place, then a summary per account and in total, priced as Get-AmiCost prices (<see cref="AccountCostTotals"/>).</summary>
    public async Task FindAsync(IReadOnlyList<ResolvedConnection> regions, SnapshotPriceTable prices, EngineEventStream events, CancellationToken cancellationToken)
    {
        var totals = new AccountCostTotals();
        await PlaceFanOut.ForEachPlaceAsync(regions, async region =>
        {
            foreach (var (orphan, storage) in await PricedOrphansAsync(region, null, prices, cancellationToken).ConfigureAwait(false))
            {
                totals.Add(region.AccountId, PlaceFanOut.NameOf(region), region.Region, new[] { storage }, prices);
                events.Output(orphan);
            }
        }, region => "Looking for orphaned snapshots in " + PlaceFanOut.NameOf(region), events, cancellationToken).ConfigureAwait(false);
        foreach (var line in totals.Summary("orphaned snapshot(s)")) events.Information(line);
    }

    /// <summary>
    /// The orphans in one region, all of them or only among <paramref name="snapshotIds"/> (the re-check before
    /// deleting). <paramref name="notOrphaned"/>, when given, receives why each other AMI snapshot found is not one.
    /// </summary>
    internal async Task<List<AmiOrphanedSnapshot>> FindInRegionAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds, SnapshotPriceTable prices,
        CancellationToken cancellationToken, IDictionary<string, string>? notOrphaned = null) =>
        (await PricedOrphansAsync(region, snapshotIds, prices, cancellationToken, notOrphaned).ConfigureAwait(false)).Select(p => p.Orphan).ToList();

    private async Task<List<(AmiOrphanedSnapshot Orphan, SnapshotStorage Storage)>> PricedOrphansAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds,
        SnapshotPriceTable prices, CancellationToken cancellationToken, IDictionary<string, string>? notOrphaned = null)
    {
        var now = _utcNow();
        var orphans = new List<AmiOrphanedSnapshot>();
        var storage = new Dictionary<string, SnapshotStorage>(StringComparer.Ordinal);
        foreach (var (snapshot, formerImage) in await OrphansAsync(region, snapshotIds, null, cancellationToken, notOrphaned).ConfigureAwait(false))
        {
            var size = snapshot.VolumeSize ?? 0;
            var stored = storage[snapshot.SnapshotId] = SnapshotStorage.From(snapshot);
            orphans.Add(new AmiOrphanedSnapshot
            {
                SnapshotId = snapshot.SnapshotId,
                Region = region.Region,
                FormerImageId = formerImage,
                SizeGiB = size,
                StartTime = snapshot.StartTime?.ToUniversalTime(),
                AgeDays = snapshot.StartTime is DateTime start ? Math.Max(0, (int)(now - start.ToUniversalTime()).TotalDays) : 0,
                EstimatedMonthlyCost = SnapshotCost.Cents(SnapshotCost.MonthlyOf(stored, region.Region, prices)),
                Description = snapshot.Description ?? "",
            }.At(region));
        }
        return (await WithSharingAsync(region, orphans, cancellationToken).ConfigureAwait(false)).Select(o => (o, storage[o.SnapshotId])).ToList();
    }

    /// <summary>Marks the orphans shared with other accounts or public; one deleted meanwhile is left out.</summary>
    private async Task<List<AmiOrphanedSnapshot>> WithSharingAsync(ResolvedConnection region, List<AmiOrphanedSnapshot> orphans, CancellationToken cancellationToken)
    {
        var gone = await Task.WhenAll(orphans.Select(async orphan =>
        {
            HashSet<string> sharedWith;
            try
            {
                sharedWith = await _sharing.SnapshotSharedWithAsync(region, orphan.SnapshotId, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidSnapshot.NotFound")
            {
                return true;
            }
            if (sharedWith.Count == 0) return false;
            orphan.Status = OrphanedSnapshotStatus.Shared;
            orphan.SharedWith = sharedWith.OrderBy(a => a == SharingStateReader.PublicGroup ? 0 : 1).ThenBy(a => a, StringComparer.Ordinal).ToArray();
            return false;
        })).ConfigureAwait(false);
        return orphans.Where((orphan, i) => !gone[i]).ToList();
    }

    /// <summary>
    /// The orphans that the named images left (Remove-AmiWithSnapshots run again after a run that stopped
    /// between deregistering an image and deleting its snapshots), by image id; the same rule as
    /// Find-OrphanedAmiSnapshot, asked only about those images' snapshots.
    /// </summary>
    internal async Task<Dictionary<string, List<Snapshot>>> FindLeftoversAsync(ResolvedConnection region, IReadOnlyList<string> formerImageIds, CancellationToken cancellationToken)
    {
        var left = new Dictionary<string, List<Snapshot>>(StringComparer.Ordinal);
        foreach (var (snapshot, formerImage) in await OrphansAsync(region, null, formerImageIds, cancellationToken).ConfigureAwait(false))
        {
            if (!formerImageIds.Contains(formerImage)) continue;
            if (!left.TryGetValue(formerImage, out var snapshots)) left[formerImage] = snapshots = new List<Snapshot>();
            snapshots.Add(snapshot);
        }
        return left;
    }

    /// <summary>Every orphaned AMI snapshot of the region (or among the named snapshots, or of the named former images), with the image it was made for.</summary>
    private async Task<List<(Snapshot Snapshot, string FormerImageId)>> OrphansAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds,
        IReadOnlyList<string>? formerImageIds, CancellationToken cancellationToken, IDictionary<string, string>? notOrphaned = null)
    {
        var indexTask = SnapshotReferenceIndex.BuildAsync(_clients, region, cancellationToken);
        var snapshotsTask = DescribeAmiSnapshotsAsync(region, snapshotIds, formerImageIds, cancellationToken);
        var recycleBinTask = ImagesInRecycleBinAsync(region, cancellationToken);
        await Task.WhenAll(indexTask, snapshotsTask, recycleBinTask).ConfigureAwait(false);
        var index = indexTask.Result;
        var orphans = new List<(Snapshot, string)>();
        foreach (var snapshot in snapshotsTask.Result)
        {
            var reason = WhyNotOrphaned(snapshot, index, recycleBinTask.Result, out var formerImage);
            if (reason != null)
            {
                if (notOrphaned != null) notOrphaned[snapshot.SnapshotId] = reason;
                continue;
            }
            orphans.Add((snapshot, formerImage));
        }
        return orphans;
    }

    /// <summary>Null for an orphan; otherwise the one reason that keeps this AMI snapshot, as the refusal says it.</summary>
    private static string? WhyNotOrphaned(Snapshot snapshot, SnapshotReferenceIndex index, HashSet<string> recycleBin, out string formerImage)
    {
        var match = FormerImage.Match(snapshot.Description ?? "");
        formerImage = match.Success ? match.Groups[1].Value : "";
        if (!match.Success) return "its description ('" + snapshot.Description + "') does not name the AMI it was made for";
        var users = index.ImagesUsing(snapshot.SnapshotId);
        if (index.HasImage(formerImage))
        {
            var former = formerImage;
            var name = users.FirstOrDefault(u => u.ImageId == former)?.Name;
            return "its AMI " + formerImage + (name == null ? "" : " ('" + name + "')") + " still exists";
        }
        // An AMI in the Recycle Bin can still be restored, and needs its snapshots for that.
        if (recycleBin.Contains(formerImage)) return "its AMI " + formerImage + " is in the Recycle Bin, and restoring it needs this snapshot";
        if (users.Count > 0) return "AMI " + string.Join(", AMI ", users) + " uses it";
        return null;
    }

    /// <summary>
    /// Why named snapshots that the AMI-snapshot query did not return are not orphans: not there, not yours,
    /// or not made for an AMI. Asked only for those, so the usual re-check costs no call more.
    /// </summary>
    internal async Task<Dictionary<string, string>> ExplainAbsentAsync(ResolvedConnection region, IReadOnlyList<string> snapshotIds, CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (snapshotIds.Count == 0) return reasons;
        var ec2 = _clients.Ec2(region);
        foreach (var chunk in FilterValues.Chunks(snapshotIds.Distinct(StringComparer.Ordinal).ToList()))
        {
            // Without an owner filter: a snapshot another account shares with you is seen, and said to be theirs.
            var request = new DescribeSnapshotsRequest { Filters = new List<Filter> { new Filter("snapshot-id", chunk) }, MaxResults = 1000 };
            var own = new DescribeSnapshotsRequest { OwnerIds = new List<string> { "self" }, Filters = new List<Filter> { new Filter("snapshot-id", chunk) }, MaxResults = 1000 };
            var mine = new HashSet<string>((await ec2.DescribeSnapshotsAsync(own, cancellationToken).ConfigureAwait(false)).Snapshots?.Select(s => s.SnapshotId)
                ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
            foreach (var snapshot in (await ec2.DescribeSnapshotsAsync(request, cancellationToken).ConfigureAwait(false)).Snapshots ?? new List<Snapshot>())
            {
                reasons[snapshot.SnapshotId] = mine.Contains(snapshot.SnapshotId)
                    ? "it was not made by CreateImage or CopyImage (its description is '" + snapshot.Description + "')"
                    : "it belongs to account " + snapshot.OwnerId + ", not to you";
            }
        }
        foreach (var id in snapshotIds.Where(id => !reasons.ContainsKey(id)))
            reasons[id] = "there is no snapshot with this id in " + region.Region + " (already deleted, or in another region)";
        return reasons;
    }

    private async Task<HashSet<string>> ImagesInRecycleBinAsync(ResolvedConnection region, CancellationToken cancellationToken)
    {
        var ec2 = _clients.Ec2(region);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListImagesInRecycleBinRequest { MaxResults = 1000 };
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.ListImagesInRecycleBinAsync, response => response.NextToken, response =>
        {
            foreach (var image in response.Images ?? new List<ImageRecycleBinInfo>()) ids.Add(image.ImageId);
        }, cancellationToken).ConfigureAwait(false);
        return ids;
    }

    private async Task<List<Snapshot>> DescribeAmiSnapshotsAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds, IReadOnlyList<string>? formerImageIds, CancellationToken cancellationToken)
    {
        var snapshots = new List<Snapshot>();
        if (formerImageIds != null)
        {
            // The descriptions of these images' snapshots only (two filter values per image, 200 values a filter).
            foreach (var chunk in FilterValues.Chunks(formerImageIds.Distinct(StringComparer.Ordinal).SelectMany(DescriptionsOf).ToList()))
                await DescribeAsync(region, chunk, null, snapshots, cancellationToken).ConfigureAwait(false);
            return snapshots;
        }
        if (snapshotIds == null)
        {
            await DescribeAsync(region, AmiSnapshotDescriptions, null, snapshots, cancellationToken).ConfigureAwait(false);
            return snapshots;
        }
        // Named ids go in a filter too: a snapshot deleted meanwhile is simply absent, not an error for the batch.
        // EC2 takes at most 200 values in one filter, so a long piped list is asked about in chunks.
        var distinct = snapshotIds.Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in FilterValues.Chunks(distinct))
            await DescribeAsync(region, AmiSnapshotDescriptions, chunk, snapshots, cancellationToken).ConfigureAwait(false);
        return snapshots;
    }

    /// <summary>What CreateImage and CopyImage write into the snapshots they make for <paramref name="imageId"/>.</summary>
    private static IEnumerable<string> DescriptionsOf(string imageId) =>
        new[] { "Created by CreateImage(*) for " + imageId + " from *", "Copied for DestinationAmi " + imageId + " *" };

    private async Task DescribeAsync(ResolvedConnection region, List<string> descriptions, List<string>? snapshotIds, List<Snapshot> into, CancellationToken cancellationToken)
    {
        var filters = new List<Filter> { new Filter("description", descriptions) };
        if (snapshotIds != null) filters.Add(new Filter("snapshot-id", snapshotIds));
        var request = new DescribeSnapshotsRequest { OwnerIds = new List<string> { "self" }, Filters = filters, MaxResults = 1000 };
        var ec2 = _clients.Ec2(region);
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeSnapshotsAsync, response => response.NextToken, response => into.AddRange(response.Snapshots ?? new List<Snapshot>()), cancellationToken).ConfigureAwait(false);
    }
}
