using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Archive;

/// <summary>
/// Disable-Ami -ArchiveSnapshots and Enable-Ami -RestoreSnapshots, by the EBS user guide's rules: an AMI's snapshots can
/// be archived only once the AMI is disabled; archiving converts a snapshot to a full one (billed at its full size);
/// archived snapshots are billed for at least 90 days; restoring costs a retrieval fee per GiB and takes up to 72 hours,
/// and the image can be launched only when all its snapshots are back in the standard tier. Plans read each place once
/// (the images, their snapshots, and for archiving which other AMIs use them) before anything changes.
/// </summary>
public sealed class SnapshotArchive(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private const string RestoreTime = "up to 72 hours";
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);
    private static readonly SnapshotPriceTable Prices = SnapshotPriceTable.Default;

    /// <summary>Per image: disable it (unless it is), then archive each of its snapshots that no other AMI uses.</summary>
    public async Task<IReadOnlyList<ArchiveStep>> PlanArchiveAsync(IReadOnlyList<RegionBatch> batches, EngineEventStream events, CancellationToken cancellationToken)
    {
        var owned = await new OwnedImageLookup(clients, "archive its snapshots").FindAsync(batches, events, cancellationToken).ConfigureAwait(false);
        var steps = new List<ArchiveStep>();
        foreach (var place in owned.GroupBy(i => PlaceFanOut.NameOf(i.Connection)))
        {
            var connection = place.First().Connection;
            SnapshotReferenceIndex? index = null;
            Dictionary<string, Snapshot> snapshots = new Dictionary<string, Snapshot>();
            var failure = await PlaceFanOut.TryAsync(async () =>
            {
                var indexTask = SnapshotReferenceIndex.BuildAsync(clients, connection, cancellationToken);
                snapshots = await SnapshotStorageReader.DescribeAsync(clients, connection, place.SelectMany(i => SnapshotStorageReader.SnapshotIdsOf(i.Image)), cancellationToken).ConfigureAwait(false);
                index = await indexTask.ConfigureAwait(false);
            }, PlaceFanOut.NameOf(connection), "Reading the snapshots in " + connection.Region, cancellationToken).ConfigureAwait(false);
            if (failure != null)
            {
                events.Error(failure);
                continue;
            }
            foreach (var image in place)
            {
                try { steps.Add(PlanArchive(image, snapshots, index!, events)); }
                catch (AmiOperationException refused) { events.Error(refused); }
            }
        }
        return steps;
    }

    private ArchiveStep PlanArchive(OwnedImage image, Dictionary<string, Snapshot> snapshots, SnapshotReferenceIndex index, EngineEventStream events)
    {
        var ami = image.Ami;
        if (ami.State != "available" && ami.State != "disabled") throw EngineErrors.AmiNotAvailable(ami, "disabled and archived", "Nothing was changed for it.");
        var archive = new List<Snapshot>();
        foreach (var id in SnapshotStorageReader.SnapshotIdsOf(image.Image).Distinct(StringComparer.Ordinal))
        {
            var others = index.ImagesUsing(id).Where(u => u.ImageId != ami.ImageId).ToList();
            string? keep =
                !snapshots.TryGetValue(id, out var snapshot) ? "EC2 does not list it to you"
                : snapshot.OwnerId != ami.OwnerId ? "it belongs to account " + snapshot.OwnerId
                : others.Count > 0 ? "AMI " + string.Join(", ", others.Select(o => o.ImageId + " ('" + o.Name + "')")) + " uses it too"
                : snapshot.StorageTier?.Value == SnapshotPriceTable.Archive ? "it is archived already"
                : snapshot.State?.Value != "completed" ? "it is " + snapshot.State?.Value + ", and only completed snapshots can be archived"
                : null;
            if (keep != null) events.Verbose("Snapshot " + id + " of " + ami.ImageId + " stays where it is: " + keep + ".");
            else archive.Add(snapshot!);
        }
        var region = image.Region;
        var standardNow = archive.Sum(s => SnapshotCost.MonthlyOf(SnapshotStorage.From(s), region, Prices));
        var fullGiB = archive.Sum(FullGiB);
        var archived = fullGiB * Prices.PricePerGiBMonth(region, SnapshotPriceTable.Archive);
        WarnIfRemovedSoon(ami, archived, events);
        var disable = ami.State != "disabled";
        var action = (disable ? "Disable AMI '" + ami.Name + "' (it can no longer be launched, becomes private and loses its launch permissions)" + (archive.Count > 0 ? ", then archive" : "")
                : "Archive") +
            (archive.Count == 0 ? "" : " " + archive.Count + " snapshot(s)" + (disable ? "" : " of AMI '" + ami.Name + "'") + " (" + Show(fullGiB) + " GiB as full snapshots): about " +
                Money(standardNow) + " -> " + Money(archived) + " a month. Archived snapshots are billed for at least " + SnapshotPriceTable.MinimumArchiveDays +
                " days; restoring them costs " + Money(SnapshotPriceTable.RestorePerGiB) + " per GiB and takes " + RestoreTime + " before the image can be launched again");
        return new ArchiveStep(image.Connection, ami.ImageId, ami.Name, disable, archive.Select(s => s.SnapshotId).ToList(), action);
    }

    /// <summary>The user guide's minimum charge: removing an archived snapshot within 90 days still bills the rest of them.</summary>
    private void WarnIfRemovedSoon(Ami ami, decimal archivedMonthly, EngineEventStream events)
    {
        if (!(ami.DeprecationTime is DateTime deprecation) || archivedMonthly == 0) return;
        var days = (deprecation - _utcNow()).TotalDays;
        if (days >= SnapshotPriceTable.MinimumArchiveDays) return;
        var shortBy = SnapshotPriceTable.MinimumArchiveDays - Math.Max(0, days);
        events.Warning("AMI " + ami.ImageId + " ('" + ami.Name + "') is deprecated " + (days <= 0 ? "already" : "at " + ImageRetirement.Show(deprecation)) +
            ": if it is removed then, its archived snapshots are still billed for the rest of the " + SnapshotPriceTable.MinimumArchiveDays + "-day minimum, about " +
            Money(archivedMonthly * (decimal)shortBy / 30m) + " for " + ((int)Math.Ceiling(shortBy)).ToString(CultureInfo.InvariantCulture) +
            " day(s) unused. Archive only what you keep for 90 days or more.");
    }

    /// <summary>Disables the approved images that are not yet, then archives their snapshots; outputs each snapshot's tier status.</summary>
    public async Task ArchiveAsync(IReadOnlyList<ArchiveStep> approved, EngineEventStream events, CancellationToken cancellationToken)
    {
        var done = await ChangeAsync(approved, async (ec2, step) =>
        {
            if (step.ChangeImage) await ec2.DisableImageAsync(new DisableImageRequest { ImageId = step.ImageId }, cancellationToken).ConfigureAwait(false);
            foreach (var snapshotId in step.SnapshotIds)
                await ec2.ModifySnapshotTierAsync(new ModifySnapshotTierRequest { SnapshotId = snapshotId, StorageTier = TargetStorageTier.Archive }, cancellationToken).ConfigureAwait(false);
        }, "Archiving", events, cancellationToken).ConfigureAwait(false);
        await OutputTiersAsync(done, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Per image: re-enable it (if disabled) and restore each archived snapshot; snapshots already being restored are waited for too.</summary>
    public async Task<IReadOnlyList<ArchiveStep>> PlanRestoreAsync(IReadOnlyList<RegionBatch> batches, SnapshotRestoreKind kind, EngineEventStream events, CancellationToken cancellationToken)
    {
        var owned = await new OwnedImageLookup(clients, "restore its snapshots").FindAsync(batches, events, cancellationToken).ConfigureAwait(false);
        var steps = new List<ArchiveStep>();
        foreach (var place in owned.GroupBy(i => PlaceFanOut.NameOf(i.Connection)))
        {
            var connection = place.First().Connection;
            Dictionary<string, SnapshotTierStatus> tiers = new Dictionary<string, SnapshotTierStatus>();
            Dictionary<string, Snapshot> snapshots = new Dictionary<string, Snapshot>();
            var ids = place.SelectMany(i => SnapshotStorageReader.SnapshotIdsOf(i.Image)).ToList();
            var failure = await PlaceFanOut.TryAsync(async () =>
            {
                var tiersTask = SnapshotTierReader.ReadAsync(clients, connection, ids, cancellationToken);
                snapshots = await SnapshotStorageReader.DescribeAsync(clients, connection, ids, cancellationToken).ConfigureAwait(false);
                tiers = await tiersTask.ConfigureAwait(false);
            }, PlaceFanOut.NameOf(connection), "Reading the snapshot tiers in " + connection.Region, cancellationToken).ConfigureAwait(false);
            if (failure != null)
            {
                events.Error(failure);
                continue;
            }
            foreach (var image in place)
            {
                var ami = image.Ami;
                if (ami.State != "available" && ami.State != "disabled")
                {
                    events.Error(EngineErrors.AmiNotAvailable(ami, "re-enabled with its snapshots restored", "Nothing was changed for it."));
                    continue;
                }
                var mine = SnapshotStorageReader.SnapshotIdsOf(image.Image).Distinct(StringComparer.Ordinal).Where(tiers.ContainsKey).Select(id => tiers[id]).ToList();
                // Archived ones; and with -Permanent, ones restored for some days, which AWS turns permanent by the same call.
                var restore = mine.Where(t => !SnapshotTierReader.IsRestoring(t) &&
                    (t.StorageTier?.Value == SnapshotPriceTable.Archive || (kind.TemporaryDays == null && t.RestoreExpiryTime != null))).ToList();
                var inProgress = mine.Where(SnapshotTierReader.IsRestoring).Select(t => t.SnapshotId).ToList();
                var step = new ArchiveStep(image.Connection, ami.ImageId, ami.Name, ami.State == "disabled", restore.Select(t => t.SnapshotId).ToList(),
                    RestoreAction(ami, restore, snapshots, kind, image.Region));
                step.Restoring = inProgress;
                if (restore.Count == 0 && inProgress.Count == 0)
                    events.Verbose(ami.ImageId + " in " + image.Region + ": no snapshot is archived" + (step.ChangeImage ? "; only re-enabling it." : "; nothing to do."));
                steps.Add(step);
            }
        }
        return steps;
    }

    private string RestoreAction(Ami ami, List<SnapshotTierStatus> restore, Dictionary<string, Snapshot> snapshots, SnapshotRestoreKind kind, string region)
    {
        var enable = ami.State == "disabled" ? "Re-enable AMI '" + ami.Name + "' (it stays private)" : "";
        if (restore.Count == 0) return enable;
        var gib = restore.Sum(t => snapshots.TryGetValue(t.SnapshotId, out var s) ? FullGiB(s) : 0);
        var standard = gib * Prices.PricePerGiBMonth(region, SnapshotPriceTable.Standard);
        var early = restore.Count(t => t.ArchivalCompleteTime is DateTime archived && (_utcNow() - archived.ToUniversalTime()).TotalDays < SnapshotPriceTable.MinimumArchiveDays);
        var how = kind.TemporaryDays is int days
            ? "for " + days + " day(s) (then they go back to the archive): about " + Money(gib * SnapshotPriceTable.RestorePerGiB) + " once, plus " + Money(standard) +
              " a month at the standard rate while restored, the archived copy still billed too"
            : "permanently: about " + Money(gib * SnapshotPriceTable.RestorePerGiB) + " once, then " + Money(standard) + " a month at the standard rate" +
              (early > 0 ? "; " + early + " of them archived less than " + SnapshotPriceTable.MinimumArchiveDays + " days ago, billed for the rest of the " +
                  SnapshotPriceTable.MinimumArchiveDays + " days too" : "");
        return (enable.Length > 0 ? enable + ", and restore " : "Restore ") + restore.Count + " archived snapshot(s)" + (enable.Length > 0 ? "" : " of AMI '" + ami.Name + "'") +
            " (" + Show(gib) + " GiB) " + how + ". A restore takes " + RestoreTime + "; the image can be launched once every snapshot is back";
    }

    /// <summary>
    /// Re-enables and restores the approved images; then either outputs each snapshot's tier status at once, or with
    /// <paramref name="wait"/> polls DescribeSnapshotTierStatus (one call per place a poll, backing off per the policy)
    /// and outputs each image once all its snapshots are back: launchable.
    /// </summary>
    public async Task RestoreAsync(IReadOnlyList<ArchiveStep> approved, SnapshotRestoreKind kind, WaitPolicy? wait, EngineEventStream events, CancellationToken cancellationToken)
    {
        var done = await ChangeAsync(approved, async (ec2, step) =>
        {
            if (step.ChangeImage) await ec2.EnableImageAsync(new EnableImageRequest { ImageId = step.ImageId }, cancellationToken).ConfigureAwait(false);
            foreach (var snapshotId in step.SnapshotIds)
            {
                var request = new RestoreSnapshotTierRequest { SnapshotId = snapshotId };
                if (kind.TemporaryDays is int days) request.TemporaryRestoreDays = days;
                else request.PermanentRestore = true;
                await ec2.RestoreSnapshotTierAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }, "Restoring", events, cancellationToken).ConfigureAwait(false);
        if (wait == null) await OutputTiersAsync(done, events, cancellationToken).ConfigureAwait(false);
        else await new SnapshotTierWaiter(clients).WaitAsync(done, wait, events, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<ArchiveStep>> ChangeAsync(IReadOnlyList<ArchiveStep> approved, Func<Amazon.EC2.IAmazonEC2, ArchiveStep, Task> change, string verb,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var toDo = approved.Where(s => !s.AlreadyDone).ToList();
        var failed = await PlaceFanOut.ForEachAsync(toDo, async step =>
        {
            await change(clients.Ec2(step.Connection), step).ConfigureAwait(false);
            events.Verbose(step.ImageId + " in " + step.Connection.Region + ": " + step.Action + ": started.");
        }, step => step.ImageId, step => verb + " the snapshots of " + step.ImageId + " ('" + step.Name + "') in " + PlaceFanOut.NameOf(step.Connection) + " failed", events, cancellationToken,
            new CallLimiter(CallLimits.PerResourceCalls), scopeOf: step => step.Connection.InFleet).ConfigureAwait(false);
        return approved.Where(s => !failed.Contains(s)).ToList();
    }

    private async Task OutputTiersAsync(IReadOnlyList<ArchiveStep> steps, EngineEventStream events, CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, SnapshotTierStatus>(StringComparer.Ordinal);
        await PlaceFanOut.ForEachPlaceAsync(steps, s => s.Connection, async (place, group) =>
        {
            foreach (var pair in await SnapshotTierReader.ReadAsync(clients, place, group.SelectMany(s => s.SnapshotIds.Concat(s.Restoring)), cancellationToken).ConfigureAwait(false))
                found[pair.Key] = pair.Value;
        }, place => "The changes were made, but reading the snapshot tiers back in " + place.Region + " failed", events, cancellationToken).ConfigureAwait(false);
        foreach (var step in steps)
            foreach (var id in step.SnapshotIds.Concat(step.Restoring))
                if (found.TryGetValue(id, out var status)) events.Output(SnapshotTierReader.ToOutput(status, step.ImageId, step.Connection));
    }

    /// <summary>What the archive holds (and bills) of a snapshot: its full size (<see cref="SnapshotStorage"/>'s rule).</summary>
    private static decimal FullGiB(Snapshot snapshot) => SnapshotStorage.From(snapshot).GiB;

    private static string Money(decimal amount) => "$" + SnapshotCost.Cents(amount).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Show(decimal gib) => gib.ToString("0.##", CultureInfo.InvariantCulture);
}
