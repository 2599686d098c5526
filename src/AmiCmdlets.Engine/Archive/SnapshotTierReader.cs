using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Archive;

/// <summary>DescribeSnapshotTierStatus for named snapshots of one place, 200 ids a call, as <see cref="AmiSnapshotTier"/>.</summary>
internal static class SnapshotTierReader
{
    public static async Task<Dictionary<string, SnapshotTierStatus>> ReadAsync(AwsClientFactory clients, ResolvedConnection place, IEnumerable<string> snapshotIds,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, SnapshotTierStatus>(StringComparer.Ordinal);
        var ec2 = clients.Ec2(place);
        foreach (var chunk in FilterValues.Chunks(snapshotIds))
        {
            var request = new DescribeSnapshotTierStatusRequest { Filters = new List<Filter> { new Filter("snapshot-id", chunk) }, MaxResults = 1000 };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeSnapshotTierStatusAsync, response => response.NextToken, response =>
            {
                foreach (var status in response.SnapshotTierStatuses ?? new List<SnapshotTierStatus>()) found[status.SnapshotId] = status;
            }, cancellationToken).ConfigureAwait(false);
        }
        return found;
    }

    public static AmiSnapshotTier ToOutput(SnapshotTierStatus status, string imageId, ResolvedConnection place) => new AmiSnapshotTier
    {
        SnapshotId = status.SnapshotId,
        ImageId = imageId,
        Region = place.Region,
        StorageTier = status.StorageTier?.Value ?? "",
        TieringStatus = status.LastTieringOperationStatus?.Value ?? "",
        Progress = status.LastTieringProgress,
        TieringStartTime = status.LastTieringStartTime?.ToUniversalTime(),
        ArchivalCompleteTime = status.ArchivalCompleteTime?.ToUniversalTime(),
        RestoreExpiryTime = status.RestoreExpiryTime?.ToUniversalTime(),
    }.At(place);

    public static bool IsRestoring(SnapshotTierStatus status) => (status.LastTieringOperationStatus?.Value ?? "").EndsWith("restore-in-progress", StringComparison.Ordinal);

    public static bool IsRestored(SnapshotTierStatus status) =>
        status.StorageTier?.Value == "standard" && (status.LastTieringOperationStatus?.Value ?? "").EndsWith("restore-completed", StringComparison.Ordinal);

    public static bool Failed(SnapshotTierStatus status) => (status.LastTieringOperationStatus?.Value ?? "").EndsWith("-failed", StringComparison.Ordinal);
}
