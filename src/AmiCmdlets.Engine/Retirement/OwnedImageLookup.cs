using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>One image a retirement command may change: found in its region and owned by the caller.</summary>
    internal sealed class OwnedImage
    {
        public OwnedImage(ResolvedConnection connection, Image image)
        {
            Connection = connection;
            Image = image;
            Ami = AmiMapper.ToAmi(image, connection.Region);
        }

        public ResolvedConnection Connection { get; }

        /// <summary>The SDK's view, for what <see cref="AmiCmdlets.Ami"/> flattens (the exact protection state).</summary>
        public Image Image { get; }
        public Ami Ami { get; }
        public string ImageId => Ami.ImageId;
        public string Region => Connection.Region;

        /// <summary>enabled-with-cooldown, enabled-without-cooldown, disabled-until-&lt;time&gt; or disabled.</summary>
        public string Protection => string.IsNullOrEmpty(Image.DeregistrationProtection) ? "disabled" : Image.DeregistrationProtection;

        /// <summary>Whether DeregisterImage would be refused now: protection on, or off but still in its cooldown.</summary>
        public bool IsProtected(DateTime utcNow) => DeregistrationProtectionState.IsProtected(Image.DeregistrationProtection, utcNow);
    }

    /// <summary>
    /// Reads the named images with one DescribeImages per region (per 200 ids) and keeps those the caller owns.
    /// Every other image is one non-terminating error: AmiNotFound, or AmiNotOwned for an image that is only
    /// shared with the caller (EC2 would answer AuthFailure, which reads like bad credentials).
    /// </summary>
    internal sealed class OwnedImageLookup
    {
        private readonly AwsClientFactory _clients;

        public OwnedImageLookup(AwsClientFactory clients) => _clients = clients;

        /// <summary>
        /// The owned images, region by region in batch order and, within a region, in the order given. An id
        /// that is gone (not listed, or listed as deregistered, as AWS shows a recently deregistered image for a
        /// while) goes to <paramref name="onGone"/> when given, and is otherwise an AmiNotFound error.
        /// </summary>
        public async Task<IReadOnlyList<OwnedImage>> FindAsync(IReadOnlyList<RegionBatch> batches, EngineEventStream events, CancellationToken cancellationToken,
            Action<RegionBatch, string>? onGone = null)
        {
            if (batches.Count == 0) return new OwnedImage[0];
            var account = new CallerIdentityReader(_clients).AccountIdAsync(batches[0].Connection, cancellationToken);
            var described = await Task.WhenAll(batches.Select(batch => DescribeAsync(batch, events, cancellationToken))).ConfigureAwait(false);
            var callerAccount = await account.ConfigureAwait(false);

            var owned = new List<OwnedImage>();
            for (var i = 0; i < batches.Count; i++)
            {
                var batch = batches[i];
                var found = described[i];
                if (found == null) continue;
                foreach (var imageId in batch.ImageIds)
                {
                    if (!found.TryGetValue(imageId, out var image) || IsDeregistered(image))
                    {
                        if (onGone != null)
                        {
                            onGone(batch, imageId);
                            continue;
                        }
                        events.Error(new AmiOperationException("AmiNotFound", AmiErrorCategory.ObjectNotFound, imageId,
                            "No AMI '" + imageId + "' visible to you in " + batch.Region + "; nothing was changed for it. Check the id and the region: a copy has another id in each region."));
                    }
                    else if (image.OwnerId != callerAccount)
                    {
                        events.Error(new AmiOperationException("AmiNotOwned", AmiErrorCategory.PermissionDenied, imageId,
                            "AMI " + imageId + " ('" + image.Name + "') in " + batch.Region + " belongs to account " + image.OwnerId + ", not to yours (" + callerAccount +
                            "); only its owner can change or remove it. Nothing was changed for it."));
                    }
                    else
                    {
                        owned.Add(new OwnedImage(batch.Connection, image));
                    }
                }
            }
            return owned;
        }

        internal static bool IsDeregistered(Image image) => image.State?.Value == Amazon.EC2.ImageState.Deregistered.Value;

        /// <summary>The region's named images by id, or null when the region could not be read (already reported).</summary>
        private async Task<Dictionary<string, Image>?> DescribeAsync(RegionBatch batch, EngineEventStream events, CancellationToken cancellationToken)
        {
            var found = new ConcurrentDictionary<string, Image>(StringComparer.Ordinal);
            var finder = new AmiFinder(_clients);
            try
            {
                await finder.ForEachImageByIdAsync(batch.Connection, batch.ImageIds, image => found[image.ImageId] = image, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var error = AwsErrorMap.Translate(exception, batch.Region,
                    "DescribeImages in " + batch.Region + " failed, so nothing was changed there (" + string.Join(", ", batch.ImageIds.Take(5)) + (batch.ImageIds.Count > 5 ? ", ..." : "") + ")");
                if (AwsErrorMap.IsFatal(error)) throw error;
                events.Error(error);
                return null;
            }
            return new Dictionary<string, Image>(found, StringComparer.Ordinal);
        }
    }
}
