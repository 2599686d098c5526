using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.RecycleBin;

/// <summary>
/// What the Recycle Bin of one place holds: ListImagesInRecycleBin and ListSnapshotsInRecycleBin. Up to 20 named ids
/// go in one call (the API takes ids or MaxResults, not both); more, or none, read the whole bin, 1000 a page, and
/// keep the named ones: after removing 200 images that is one or two calls, not 30.
/// </summary>
internal static class RecycleBinReader
{
    private const int IdsPerCall = 20;

    public static async Task<List<ImageRecycleBinInfo>> ImagesAsync(AwsClientFactory clients, ResolvedConnection place, IReadOnlyCollection<string>? imageIds,
        CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(place);
        var found = new List<ImageRecycleBinInfo>();
        var request = imageIds == null || imageIds.Count > IdsPerCall
            ? new ListImagesInRecycleBinRequest { MaxResults = 1000 }
            : new ListImagesInRecycleBinRequest { ImageIds = imageIds.Distinct(StringComparer.Ordinal).ToList() };
        if (request.ImageIds?.Count == 0) return found;
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.ListImagesInRecycleBinAsync, response => response.NextToken,
            response => found.AddRange(response.Images ?? new List<ImageRecycleBinInfo>()), cancellationToken).ConfigureAwait(false);
        return imageIds == null ? found : found.Where(i => imageIds.Contains(i.ImageId)).ToList();
    }

    public static async Task<List<SnapshotRecycleBinInfo>> SnapshotsAsync(AwsClientFactory clients, ResolvedConnection place, IReadOnlyCollection<string>? snapshotIds,
        CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(place);
        var found = new List<SnapshotRecycleBinInfo>();
        var request = snapshotIds == null || snapshotIds.Count > IdsPerCall
            ? new ListSnapshotsInRecycleBinRequest { MaxResults = 1000 }
            : new ListSnapshotsInRecycleBinRequest { SnapshotIds = snapshotIds.Distinct(StringComparer.Ordinal).ToList() };
        if (request.SnapshotIds?.Count == 0) return found;
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.ListSnapshotsInRecycleBinAsync, response => response.NextToken,
            response => found.AddRange(response.Snapshots ?? new List<SnapshotRecycleBinInfo>()), cancellationToken).ConfigureAwait(false);
        return snapshotIds == null ? found : found.Where(s => snapshotIds.Contains(s.SnapshotId)).ToList();
    }
}
