using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// The one ownership check of sharing, retirement, removal and cleanup: reads the named images with one
/// DescribeImages per region (per 200 ids) and keeps those the caller owns. Every other image is one
/// non-terminating error: AmiNotFound (not listed, or deregistered: <see cref="AmiFinder"/> never hands those
/// over), or AmiNotOwned for an image only shared with the caller (EC2 would answer AuthFailure, which reads
/// like bad credentials).
/// </summary>
/// <param name="ownerOnly">What only the owner may do, for the AmiNotOwned message ("change or remove it").</param>
internal sealed class OwnedImageLookup(AwsClientFactory clients, string ownerOnly = "change or remove it")
{
    /// <summary>
    /// The owned images, region by region in batch order and, within a region, in the order given. An id
    /// that is gone goes to <paramref name="onGone"/> when given, and is otherwise an AmiNotFound error.
    /// </summary>
    public async Task<IReadOnlyList<OwnedImage>> FindAsync(IReadOnlyList<RegionBatch> batches, EngineEventStream events, CancellationToken cancellationToken,
        Action<RegionBatch, string>? onGone = null)
    {
        if (batches.Count == 0) return new OwnedImage[0];
        var identity = new CallerIdentityReader(clients);
        var callers = batches.Select(batch => identity.AccountIdAsync(batch.Connection, cancellationToken)).ToList();
        var described = await Task.WhenAll(batches.Select(batch => DescribeAsync(batch.Connection, batch.ImageIds, events, cancellationToken))).ConfigureAwait(false);
        var callerAccounts = await Task.WhenAll(callers).ConfigureAwait(false);
        return batches.SelectMany((batch, i) => Keep(batch.Connection, batch.ImageIds, described[i], callerAccounts[i], events, onGone == null ? null : id => onGone(batch, id))).ToList();
    }

    /// <summary>The owned images of one region, in the order given, for a caller that knows its account already.</summary>
    public async Task<List<OwnedImage>> FindInRegionAsync(ResolvedConnection connection, IReadOnlyList<string> imageIds, string callerAccount,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var ids = imageIds.Distinct(StringComparer.Ordinal).ToList();
        return Keep(connection, ids, await DescribeAsync(connection, ids, events, cancellationToken).ConfigureAwait(false), callerAccount, events, null);
    }

    private List<OwnedImage> Keep(ResolvedConnection connection, IReadOnlyList<string> imageIds, Dictionary<string, Image>? found, string callerAccount,
        EngineEventStream events, Action<string>? onGone)
    {
        var owned = new List<OwnedImage>();
        if (found == null) return owned;
        foreach (var imageId in imageIds)
        {
            if (!found.TryGetValue(imageId, out var image))
            {
                if (onGone != null) onGone(imageId);
                else
                {
                    events.Error(EngineErrors.AmiNotFound(imageId, PlaceFanOut.NameOf(connection), "nothing was changed for it. Check the id and the region: a copy has another id in each region"));
                }
            }
            else if (image.OwnerId != callerAccount)
            {
                events.Error(EngineErrors.AmiNotOwned(imageId, image.Name, PlaceFanOut.NameOf(connection), image.OwnerId, callerAccount, ownerOnly));
            }
            else
            {
                owned.Add(new OwnedImage(connection, image));
            }
        }
        return owned;
    }

    /// <summary>The region's named images by id, or null when the region could not be read (already reported).</summary>
    private async Task<Dictionary<string, Image>?> DescribeAsync(ResolvedConnection connection, IReadOnlyList<string> imageIds, EngineEventStream events,
        CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<string, Image>(StringComparer.Ordinal);
        try
        {
            await new AmiFinder(clients).ForEachImageByIdAsync(connection, imageIds, image => found[image.ImageId] = image, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = AwsErrorMap.Translate(exception, PlaceFanOut.NameOf(connection),
                "DescribeImages in " + PlaceFanOut.NameOf(connection) + " failed, so nothing was changed there (" + string.Join(", ", imageIds.Take(5)) + (imageIds.Count > 5 ? ", ..." : "") + ")");
            if (PlaceFanOut.StopsCommand(error, connection)) throw error;
            events.Error(error);
            return null;
        }
        return new Dictionary<string, Image>(found, StringComparer.Ordinal);
    }
}
