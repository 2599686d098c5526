using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.RecycleBin;

/// <summary>
/// Get-Ami -InRecycleBin and Restore-Ami. An image's snapshots in the bin are found by the description EC2 gave them
/// (the rule Find-OrphanedAmiSnapshot uses): ListImagesInRecycleBin does not say which snapshots an image had. Restoring
/// brings the snapshots back first, since EC2 restores an image only when its snapshots exist.
/// </summary>
public sealed class RecycleBinImages(AwsClientFactory clients)
{
    /// <summary>What each place's Recycle Bin holds, optionally only the named ids or names matching the patterns (* and ?).</summary>
    public Task ListAsync(IReadOnlyList<ResolvedConnection> places, IReadOnlyList<string> imageIds, IReadOnlyList<string> names, EngineEventStream events,
        CancellationToken cancellationToken)
    {
        var nameRules = names.Select(Wildcard).ToList();
        return PlaceFanOut.ForEachPlaceAsync(places, async place =>
        {
            foreach (var entry in await EntriesAsync(place, imageIds.Count > 0 ? imageIds : null, cancellationToken).ConfigureAwait(false))
                if (nameRules.Count == 0 || nameRules.Any(r => r.IsMatch(entry.Name))) events.Output(entry);
        }, place => "Reading the Recycle Bin in " + place.Region, events, cancellationToken);
    }

    /// <summary>Restore-Ami's plan: each named image found in its place's bin; any other is an AmiNotInRecycleBin error.</summary>
    public async Task<IReadOnlyList<ImageRestoreStep>> PlanAsync(IReadOnlyList<RegionBatch> batches, EngineEventStream events, CancellationToken cancellationToken)
    {
        var steps = new ConcurrentQueue<(int Order, ImageRestoreStep Step)>();
        await PlaceFanOut.ForEachAsync(batches, async batch =>
        {
            var entries = (await EntriesAsync(batch.Connection, batch.ImageIds, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.ImageId, StringComparer.Ordinal);
            // An id not in the bin may simply not be deregistered (restored already, or never removed): say so, not "gone".
            var missing = batch.ImageIds.Where(id => !entries.ContainsKey(id)).ToList();
            var live = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            if (missing.Count > 0)
                await new AmiFinder(clients).ForEachImageByIdAsync(batch.Connection, missing, image => live[image.ImageId] = image.State?.Value ?? "", cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.ImageIds.Count; i++)
            {
                var id = batch.ImageIds[i];
                if (entries.TryGetValue(id, out var entry)) steps.Enqueue((i, new ImageRestoreStep(batch.Connection, entry)));
                else if (live.TryGetValue(id, out var state)) events.Error(NotDeregistered(id, PlaceFanOut.NameOf(batch.Connection), state));
                else events.Error(NotInRecycleBin(id, batch.Region));
            }
        }, batch => PlaceFanOut.NameOf(batch.Connection), batch => "Reading the Recycle Bin in " + PlaceFanOut.NameOf(batch.Connection), events, cancellationToken,
            scopeOf: batch => batch.Connection.InFleet).ConfigureAwait(false);
        return steps.OrderBy(s => s.Step.Connection.Region, StringComparer.Ordinal).ThenBy(s => s.Order).Select(s => s.Step).ToList();
    }

    /// <summary>Snapshots first, then the image; the restored images are output as Get-Ami shows them.</summary>
    public async Task RestoreAsync(IReadOnlyList<ImageRestoreStep> approved, EngineEventStream events, CancellationToken cancellationToken)
    {
        var restored = new ConcurrentQueue<ImageRestoreStep>();
        await PlaceFanOut.ForEachAsync(approved, async step =>
        {
            var ec2 = clients.Ec2(step.Connection);
            foreach (var snapshotId in step.SnapshotIds)
            {
                await ec2.RestoreSnapshotFromRecycleBinAsync(new RestoreSnapshotFromRecycleBinRequest { SnapshotId = snapshotId }, cancellationToken).ConfigureAwait(false);
                events.Verbose("Restored snapshot " + snapshotId + " of " + step.ImageId + " in " + step.Connection.Region + " from the Recycle Bin.");
            }
            await ec2.RestoreImageFromRecycleBinAsync(new RestoreImageFromRecycleBinRequest { ImageId = step.ImageId }, cancellationToken).ConfigureAwait(false);
            events.Verbose("Restored " + step.ImageId + " in " + step.Connection.Region + " from the Recycle Bin.");
            restored.Enqueue(step);
        }, step => step.ImageId, step => "Restoring " + step.ImageId + " ('" + step.Entry.Name + "') in " + step.Connection.Region + " from the Recycle Bin failed",
            events, cancellationToken, new CallLimiter(CallLimits.PerResourceCalls), scopeOf: step => step.Connection.InFleet).ConfigureAwait(false);

        var finder = new AmiFinder(clients);
        var found = new ConcurrentDictionary<string, Ami>(StringComparer.Ordinal);
        await PlaceFanOut.ForEachPlaceAsync(restored.ToList(), s => s.Connection, (place, group) =>
            finder.ForEachImageByIdAsync(place, group.Select(s => s.ImageId), image => found[image.ImageId] = AmiMapper.ToAmi(image, place), cancellationToken),
            place => "The images were restored, but reading them back in " + place.Region + " failed", events, cancellationToken).ConfigureAwait(false);
        foreach (var step in approved)
            if (found.TryGetValue(step.ImageId, out var ami)) events.Output(ami);
    }

    private async Task<List<AmiRecycleBinEntry>> EntriesAsync(ResolvedConnection place, IReadOnlyCollection<string>? imageIds, CancellationToken cancellationToken)
    {
        var imagesTask = RecycleBinReader.ImagesAsync(clients, place, imageIds, cancellationToken);
        var snapshotsTask = RecycleBinReader.SnapshotsAsync(clients, place, null, cancellationToken);
        var images = await imagesTask.ConfigureAwait(false);
        var snapshotsByImage = (await snapshotsTask.ConfigureAwait(false))
            .Select(s => (s.SnapshotId, ImageId: OrphanedSnapshotFinder.ImageNamedBy(s.Description)))
            .Where(s => s.ImageId != null)
            .GroupBy(s => s.ImageId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.SnapshotId).OrderBy(id => id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return images.Select(i => new AmiRecycleBinEntry
        {
            ImageId = i.ImageId,
            Name = i.Name ?? "",
            Region = place.Region,
            Description = i.Description,
            RecycleBinEnterTime = i.RecycleBinEnterTime?.ToUniversalTime(),
            RecycleBinExitTime = i.RecycleBinExitTime?.ToUniversalTime(),
            SnapshotIds = snapshotsByImage.TryGetValue(i.ImageId, out var ids) ? ids : new List<string>(),
        }.At(place)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The image is registered (available, disabled ...): there is nothing to restore.</summary>
    internal static AmiOperationException NotDeregistered(string imageId, string place, string state) =>
        new AmiOperationException(ErrorIds.AmiNotInRecycleBin, AmiErrorCategory.InvalidOperation, imageId,
            "AMI " + imageId + " in " + place + " is not deregistered (it is " + state + "), so it is not in the Recycle Bin and there is nothing to restore. " +
            "(Get-Ami -InRecycleBin lists what can be restored.)");

    internal static AmiOperationException NotInRecycleBin(string imageId, string region) =>
        new AmiOperationException(ErrorIds.AmiNotInRecycleBin, AmiErrorCategory.ObjectNotFound, imageId,
            "AMI " + imageId + " is not in the Recycle Bin of " + region + ": no retention rule kept it when it was deregistered, or its retention " +
            "period is over, so it is gone for good and cannot be restored. (Get-Ami -InRecycleBin lists what can be.)");

    private static Regex Wildcard(string pattern) =>
        new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant);
}
