using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Cleanup
{
    /// <summary>
    /// Remove-OrphanedAmiSnapshot: check each named snapshot again right before deleting (an AMI may have been
    /// registered from it since it was found), then delete only those still orphaned.
    /// </summary>
    public sealed class OrphanedSnapshotRemoval
    {
        private const int DeletesAtOnce = 8;
        private readonly AwsClientFactory _clients;

        public OrphanedSnapshotRemoval(AwsClientFactory clients) => _clients = clients;

        /// <summary>The named snapshots that are still orphans; each other one is a SnapshotNotOrphaned error.</summary>
        public async Task<IReadOnlyList<AmiOrphanedSnapshot>> RecheckAsync(ResolvedConnection region, IReadOnlyList<string> snapshotIds, EngineEventStream events, CancellationToken cancellationToken)
        {
            List<AmiOrphanedSnapshot> orphans;
            var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
            var finder = new OrphanedSnapshotFinder(_clients);
            try
            {
                orphans = await finder.FindInRegionAsync(region, snapshotIds, StaleImageQuery.DefaultPricePerGiBMonth, cancellationToken, reasons).ConfigureAwait(false);
                var absent = snapshotIds.Where(id => !reasons.ContainsKey(id) && orphans.All(o => o.SnapshotId != id)).ToList();
                foreach (var explained in await finder.ExplainAbsentAsync(region, absent, cancellationToken).ConfigureAwait(false)) reasons[explained.Key] = explained.Value;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw AwsErrorMap.Translate(exception, region.Region, "Checking snapshots in " + region.Region);
            }
            foreach (var id in snapshotIds.Where(id => orphans.All(o => o.SnapshotId != id)).Distinct(StringComparer.Ordinal))
            {
                events.Error(new AmiOperationException("SnapshotNotOrphaned", AmiErrorCategory.InvalidOperation, id,
                    "Snapshot " + id + " in " + region.Region + " is not an orphaned AMI snapshot: " + reasons[id] + ". It was not deleted."));
            }
            return orphans;
        }

        public async Task DeleteAsync(ResolvedConnection region, IReadOnlyList<AmiOrphanedSnapshot> approved, EngineEventStream events, CancellationToken cancellationToken)
        {
            var ec2 = _clients.Ec2(region);
            using var gate = new SemaphoreSlim(DeletesAtOnce);
            await Task.WhenAll(approved.Select(async orphan =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = orphan.SnapshotId }, cancellationToken).ConfigureAwait(false);
                    events.Verbose("Deleted orphaned snapshot " + orphan.SnapshotId + " (" + orphan.SizeGiB + " GiB, from " + orphan.FormerImageId + ") in " + region.Region + ".");
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    var error = AwsErrorMap.Translate(exception, orphan.SnapshotId, "DeleteSnapshot " + orphan.SnapshotId + " in " + region.Region);
                    if (AwsErrorMap.IsFatal(error)) throw error;
                    events.Error(error);
                }
                finally { gate.Release(); }
            })).ConfigureAwait(false);
        }
    }
}
