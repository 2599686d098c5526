using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Lineage;

/// <summary>
/// GetImageAncestry read as a chain: one call per image returns it and every image it came from (copies and
/// captures), back to the root, across regions. Each entry names the region of the next.
/// </summary>
public sealed class AmiAncestryReader(AwsClientFactory clients)
{
    public async Task<IReadOnlyList<AmiAncestryEntry>> ReadAsync(ResolvedConnection place, string imageId, CancellationToken cancellationToken)
    {
        GetImageAncestryResponse response;
        try
        {
            response = await clients.Ec2(place).GetImageAncestryAsync(new GetImageAncestryRequest { ImageId = imageId }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, imageId, "GetImageAncestry in " + PlaceFanOut.NameOf(place));
        }
        var chain = new List<AmiAncestryEntry>();
        var region = place.Region;
        foreach (var entry in response.ImageAncestryEntries ?? new List<ImageAncestryEntry>())
        {
            var source = string.IsNullOrEmpty(entry.SourceImageId) ? null : entry.SourceImageId;
            chain.Add(new AmiAncestryEntry
            {
                Generation = chain.Count,
                ImageId = entry.ImageId,
                Region = region,
                SourceImageId = source,
                SourceRegion = source == null ? null : string.IsNullOrEmpty(entry.SourceImageRegion) ? region : entry.SourceImageRegion,
                OwnerAlias = string.IsNullOrEmpty(entry.ImageOwnerAlias) ? null : entry.ImageOwnerAlias,
                CreationDate = ToUtc(entry.CreationDate),
                DescendantImageId = imageId,
            }.At(place));
            if (source != null && !string.IsNullOrEmpty(entry.SourceImageRegion)) region = entry.SourceImageRegion;
        }
        return chain;
    }

    private static DateTime? ToUtc(DateTime? value) => value?.ToUniversalTime();
}
