using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Cost;

/// <summary>
/// The tier and full size of named snapshots in one place: DescribeSnapshots with a snapshot-id filter, 200 ids a
/// call (a filter, not SnapshotIds: an id that is gone leaves it out instead of failing the call).
/// </summary>
internal static class SnapshotStorageReader
{
    public static async Task<Dictionary<string, SnapshotStorage>> ReadAsync(AwsClientFactory clients, ResolvedConnection place, IEnumerable<string> snapshotIds,
        CancellationToken cancellationToken) =>
        (await DescribeAsync(clients, place, snapshotIds, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Key, s => SnapshotStorage.From(s.Value), StringComparer.Ordinal);

    /// <summary>The named snapshots as EC2 describes them (those it does not list are left out).</summary>
    public static async Task<Dictionary<string, Snapshot>> DescribeAsync(AwsClientFactory clients, ResolvedConnection place, IEnumerable<string> snapshotIds,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        var ec2 = clients.Ec2(place);
        foreach (var chunk in FilterValues.Chunks(snapshotIds.Distinct(StringComparer.Ordinal)))
        {
            var request = new DescribeSnapshotsRequest { Filters = new List<Filter> { new Filter("snapshot-id", chunk) }, MaxResults = 1000 };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeSnapshotsAsync, response => response.NextToken, response =>
            {
                foreach (var snapshot in response.Snapshots ?? new List<Snapshot>()) found[snapshot.SnapshotId] = snapshot;
            }, cancellationToken).ConfigureAwait(false);
        }
        return found;
    }

    /// <summary>An image's snapshots as read, or from its block devices when EC2 did not describe one.</summary>
    public static List<SnapshotStorage> Of(Image image, IReadOnlyDictionary<string, SnapshotStorage> read) =>
        (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>())
            .Where(m => m.Ebs?.SnapshotId != null)
            .GroupBy(m => m.Ebs.SnapshotId, StringComparer.Ordinal)
            .Select(g => read.TryGetValue(g.Key, out var s) ? s : SnapshotStorage.FromVolume(g.Key, g.First().Ebs.VolumeSize ?? 0))
            .ToList();

    public static IEnumerable<string> SnapshotIdsOf(Image image) =>
        (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>()).Where(m => m.Ebs?.SnapshotId != null).Select(m => m.Ebs.SnapshotId);
}
