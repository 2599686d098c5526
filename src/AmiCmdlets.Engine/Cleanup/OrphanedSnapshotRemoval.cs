using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Remove-OrphanedAmiSnapshot: check each named snapshot again right before deleting (an AMI may have been
/// registered from it since it was found), then delete only those still orphaned.
/// </summary>
public sealed class OrphanedSnapshotRemoval(AwsClientFactory clients)
{
    /// <summary>Remove-OrphanedAmiSnapshot's plan: the rechecked orphans, the shared ones only with -Force.</summary>
    public async Task<IReadOnlyList<OrphanedSnapshotDeletion>> PlanAsync(ResolvedConnection region, IReadOnlyList<string> snapshotIds, bool force,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var found = await RecheckAsync(region, snapshotIds, events, cancellationToken).ConfigureAwait(false);
        return (force ? found : RefuseShared(found, events)).Select(o => new OrphanedSnapshotDeletion(region, o)).ToList();
    }

    /// <summary>The named snapshots that are still orphans; each other one is a SnapshotNotOrphaned error.</summary>
    public async Task<IReadOnlyList<AmiOrphanedSnapshot>> RecheckAsync(ResolvedConnection region, IReadOnlyList<string> snapshotIds, EngineEventStream events, CancellationToken cancellationToken)
    {
        List<AmiOrphanedSnapshot> orphans;
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var finder = new OrphanedSnapshotFinder(clients);
        try
        {
            orphans = await finder.FindInRegionAsync(region, snapshotIds, Cost.SnapshotPriceTable.Default, cancellationToken, reasons).ConfigureAwait(false);
            var absent = snapshotIds.Where(id => !reasons.ContainsKey(id) && orphans.All(o => o.SnapshotId != id)).ToList();
            foreach (var explained in await finder.ExplainAbsentAsync(region, absent, cancellationToken).ConfigureAwait(false)) reasons[explained.Key] = explained.Value;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // In a fleet a failure is this place's alone: one error, nothing deleted here, the other accounts go on.
            var error = AwsErrorMap.Translate(exception, PlaceFanOut.NameOf(region), "Checking snapshots in " + PlaceFanOut.NameOf(region) + " failed, so none was deleted there");
            if (PlaceFanOut.StopsCommand(error, region) || !region.InFleet) throw error;
            events.Error(error);
            return new List<AmiOrphanedSnapshot>();
        }
        foreach (var id in snapshotIds.Where(id => orphans.All(o => o.SnapshotId != id)).Distinct(StringComparer.Ordinal))
        {
            events.Error(new AmiOperationException(ErrorIds.SnapshotNotOrphaned, AmiErrorCategory.InvalidOperation, id,
                "Snapshot " + id + " in " + region.Region + " is not an orphaned AMI snapshot: " + reasons[id] + ". It was not deleted."));
        }
        return orphans;
    }

    /// <summary>
    /// The orphans shared with nobody; each shared one is a SnapshotShared error naming with whom. The owner
    /// cannot see the AMIs or volumes of those accounts, and EC2 stops DeleteSnapshot only for an AMI, never
    /// for a volume someone means to create: deleting it needs -Force.
    /// </summary>
    public IReadOnlyList<AmiOrphanedSnapshot> RefuseShared(IReadOnlyList<AmiOrphanedSnapshot> orphans, EngineEventStream events)
    {
        foreach (var shared in orphans.Where(o => o.Status == OrphanedSnapshotStatus.Shared))
        {
            events.Error(new AmiOperationException(ErrorIds.SnapshotShared, AmiErrorCategory.InvalidOperation, shared.SnapshotId,
                "Snapshot " + shared.SnapshotId + " in " + shared.Region + " (left by " + shared.FormerImageId + ") is " + DescribeSharing(shared.SharedWith) +
                ": an AMI or volume of another account, which yours cannot see, may depend on it. It was not deleted. Ask them, then delete it with -Force, " +
                "or stop sharing it first (aws ec2 reset-snapshot-attribute --snapshot-id " + shared.SnapshotId + " --attribute createVolumePermission --region " + shared.Region + ")."));
        }
        return orphans.Where(o => o.Status != OrphanedSnapshotStatus.Shared).ToList();
    }

    /// <summary>"shared with account 111122223333" / "public (every AWS account may create volumes from it) and shared with ..."</summary>
    public static string DescribeSharing(IReadOnlyList<string> sharedWith)
    {
        var accounts = sharedWith.Where(a => a != SharingStateReader.PublicGroup).ToList();
        var parts = new List<string>();
        if (sharedWith.Contains(SharingStateReader.PublicGroup)) parts.Add("public (any AWS account may create volumes from it)");
        if (accounts.Count > 0) parts.Add("shared with account" + (accounts.Count == 1 ? " " : "s ") + string.Join(", ", accounts));
        return string.Join(" and ", parts);
    }

    public async Task DeleteAsync(ResolvedConnection region, IReadOnlyList<AmiOrphanedSnapshot> approved, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(region);
        await PlaceFanOut.ForEachAsync(approved, async orphan =>
        {
            await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = orphan.SnapshotId }, cancellationToken).ConfigureAwait(false);
            events.Verbose("Deleted orphaned snapshot " + orphan.SnapshotId + " (" + orphan.SizeGiB + " GiB, from " + orphan.FormerImageId + ") in " + region.Region + ".");
        }, orphan => orphan.SnapshotId, orphan => "DeleteSnapshot " + orphan.SnapshotId + " in " + PlaceFanOut.NameOf(region), events, cancellationToken,
            new CallLimiter(CallLimits.PerResourceCalls), scopeOf: _ => region.InFleet).ConfigureAwait(false);
    }
}
