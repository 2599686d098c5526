using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Retirement;

using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Cleanup
{
    /// <summary>
    /// Snapshots left behind by AMIs: owned by the caller, made by CreateImage or CopyImage (their description
    /// says so and names the AMI), for an AMI that no longer exists (nor waits in the Recycle Bin), and used by
    /// no AMI now. Three paged calls per region: DescribeSnapshots (filtered on those descriptions), the
    /// account's images, and ListImagesInRecycleBin.
    /// </summary>
    public sealed class OrphanedSnapshotFinder
    {
        private static readonly List<string> AmiSnapshotDescriptions = new List<string> { "Created by CreateImage(*) for ami-*", "Copied for DestinationAmi ami-*" };
        private static readonly Regex FormerImage = new Regex(@"(?:for|DestinationAmi) (ami-[0-9a-f]+)", RegexOptions.CultureInvariant);
        private readonly AwsClientFactory _clients;
        private readonly Func<DateTime> _utcNow;

        public OrphanedSnapshotFinder(AwsClientFactory clients, Func<DateTime>? utcNow = null)
        {
            _clients = clients;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        public async Task FindAsync(IReadOnlyList<ResolvedConnection> regions, decimal pricePerGiBMonth, EngineEventStream events, CancellationToken cancellationToken)
        {
            await Task.WhenAll(regions.Select(async region =>
            {
                try
                {
                    foreach (var orphan in await FindInRegionAsync(region, null, pricePerGiBMonth, cancellationToken).ConfigureAwait(false)) events.Output(orphan);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    var error = AwsErrorMap.Translate(exception, region.Region, "Looking for orphaned snapshots in " + region.Region);
                    if (AwsErrorMap.IsFatal(error)) throw error;
                    events.Error(error);
                }
            })).ConfigureAwait(false);
        }

        /// <summary>
        /// The orphans in one region, all of them or only among <paramref name="snapshotIds"/> (the re-check before
        /// deleting). <paramref name="notOrphaned"/>, when given, receives why each other AMI snapshot found is not one.
        /// </summary>
        internal async Task<List<AmiOrphanedSnapshot>> FindInRegionAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds, decimal pricePerGiBMonth,
            CancellationToken cancellationToken, IDictionary<string, string>? notOrphaned = null)
        {
            var indexTask = SnapshotReferenceIndex.BuildAsync(_clients, region, cancellationToken);
            var snapshotsTask = DescribeAmiSnapshotsAsync(region, snapshotIds, cancellationToken);
            var recycleBinTask = ImagesInRecycleBinAsync(region, cancellationToken);
            await Task.WhenAll(indexTask, snapshotsTask, recycleBinTask).ConfigureAwait(false);
            var index = indexTask.Result;
            var now = _utcNow();
            var orphans = new List<AmiOrphanedSnapshot>();
            foreach (var snapshot in snapshotsTask.Result)
            {
                var reason = WhyNotOrphaned(snapshot, index, recycleBinTask.Result, out var formerImage);
                if (reason != null)
                {
                    if (notOrphaned != null) notOrphaned[snapshot.SnapshotId] = reason;
                    continue;
                }
                var size = snapshot.VolumeSize ?? 0;
                orphans.Add(new AmiOrphanedSnapshot
                {
                    SnapshotId = snapshot.SnapshotId,
                    Region = region.Region,
                    FormerImageId = formerImage,
                    SizeGiB = size,
                    StartTime = snapshot.StartTime?.ToUniversalTime(),
                    AgeDays = snapshot.StartTime is DateTime start ? Math.Max(0, (int)(now - start.ToUniversalTime()).TotalDays) : 0,
                    EstimatedMonthlyCost = Math.Round(size * pricePerGiBMonth, 2),
                    Description = snapshot.Description ?? "",
                });
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
            do
            {
                var response = await ec2.ListImagesInRecycleBinAsync(request, cancellationToken).ConfigureAwait(false);
                foreach (var image in response.Images ?? new List<ImageRecycleBinInfo>()) ids.Add(image.ImageId);
                request.NextToken = response.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
            return ids;
        }

        private async Task<List<Snapshot>> DescribeAmiSnapshotsAsync(ResolvedConnection region, IReadOnlyList<string>? snapshotIds, CancellationToken cancellationToken)
        {
            var snapshots = new List<Snapshot>();
            if (snapshotIds == null)
            {
                await DescribeAsync(region, null, snapshots, cancellationToken).ConfigureAwait(false);
                return snapshots;
            }
            // Named ids go in a filter too: a snapshot deleted meanwhile is simply absent, not an error for the batch.
            // EC2 takes at most 200 values in one filter, so a long piped list is asked about in chunks.
            var distinct = snapshotIds.Distinct(StringComparer.Ordinal).ToList();
            foreach (var chunk in FilterValues.Chunks(distinct))
                await DescribeAsync(region, chunk, snapshots, cancellationToken).ConfigureAwait(false);
            return snapshots;
        }

        private async Task DescribeAsync(ResolvedConnection region, List<string>? snapshotIds, List<Snapshot> into, CancellationToken cancellationToken)
        {
            var filters = new List<Filter> { new Filter("description", AmiSnapshotDescriptions) };
            if (snapshotIds != null) filters.Add(new Filter("snapshot-id", snapshotIds));
            var request = new DescribeSnapshotsRequest { OwnerIds = new List<string> { "self" }, Filters = filters, MaxResults = 1000 };
            var ec2 = _clients.Ec2(region);
            do
            {
                var response = await ec2.DescribeSnapshotsAsync(request, cancellationToken).ConfigureAwait(false);
                into.AddRange(response.Snapshots ?? new List<Snapshot>());
                request.NextToken = response.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
        }
    }
}
