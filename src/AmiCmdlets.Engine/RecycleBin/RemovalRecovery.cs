using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.RecycleBin;

/// <summary>
/// After a removal: which of the deregistered images and deleted snapshots a Recycle Bin retention rule caught (they
/// can be restored until their exit time) and which are gone for good. Asked of EC2 after the calls (two List*InRecycleBin
/// per 20 ids), not guessed from the rules: the rbin API is another service and another permission.
/// </summary>
internal sealed class RemovalRecovery
{
    private RemovalRecovery(bool known, Dictionary<string, DateTime?> images, HashSet<string> snapshots)
    {
        Known = known;
        ImagesInBin = images;
        SnapshotsInBin = snapshots;
    }

    /// <summary>False when the Recycle Bin could not be read (a warning said why).</summary>
    public bool Known { get; }
    public IReadOnlyDictionary<string, DateTime?> ImagesInBin { get; }
    public IReadOnlyCollection<string> SnapshotsInBin { get; }

    public static async Task<RemovalRecovery> CheckAsync(AwsClientFactory clients, ResolvedConnection place, IReadOnlyCollection<string> imageIds,
        IReadOnlyCollection<string> snapshotIds, EngineEventStream events, CancellationToken cancellationToken)
    {
        var images = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var snapshots = new HashSet<string>(StringComparer.Ordinal);
        if (imageIds.Count == 0 && snapshotIds.Count == 0) return new RemovalRecovery(true, images, snapshots);
        var failure = await PlaceFanOut.TryAsync(async () =>
        {
            var imagesTask = imageIds.Count == 0 ? Task.FromResult(new List<Amazon.EC2.Model.ImageRecycleBinInfo>()) : RecycleBinReader.ImagesAsync(clients, place, imageIds, cancellationToken);
            var snapshotsTask = snapshotIds.Count == 0 ? Task.FromResult(new List<Amazon.EC2.Model.SnapshotRecycleBinInfo>()) : RecycleBinReader.SnapshotsAsync(clients, place, snapshotIds, cancellationToken);
            foreach (var image in await imagesTask.ConfigureAwait(false)) images[image.ImageId] = image.RecycleBinExitTime?.ToUniversalTime();
            foreach (var snapshot in await snapshotsTask.ConfigureAwait(false)) snapshots.Add(snapshot.SnapshotId);
        }, PlaceFanOut.NameOf(place), "Reading the Recycle Bin in " + place.Region, cancellationToken).ConfigureAwait(false);
        if (failure == null) return new RemovalRecovery(true, images, snapshots);
        events.Warning("The removal is done, but whether the Recycle Bin kept it in " + place.Region + " is unknown (Undo: Unknown): " + failure.Message);
        return new RemovalRecovery(false, images, snapshots);
    }
}
