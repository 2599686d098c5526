using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// Which of the account's images use which snapshot, in one region: ONE paged DescribeImages (Owners=self,
/// deprecated and disabled included, 1000 a page), so deciding which snapshots may go costs the same for
/// one image as for five hundred. EC2 refuses to delete a snapshot any AMI still uses; this index lets us
/// say which AMI before trying.
/// </summary>
internal sealed class SnapshotReferenceIndex
{
    private readonly Dictionary<string, List<SnapshotUser>> _users = new Dictionary<string, List<SnapshotUser>>(StringComparer.Ordinal);
    private readonly HashSet<string> _imageIds = new HashSet<string>(StringComparer.Ordinal);

    private SnapshotReferenceIndex()
    {
    }

    /// <summary>Whether the account still has this image in the region (any state).</summary>
    public bool HasImage(string imageId) => _imageIds.Contains(imageId);

    public IReadOnlyList<SnapshotUser> ImagesUsing(string snapshotId) =>
        _users.TryGetValue(snapshotId, out var users) ? (IReadOnlyList<SnapshotUser>)users : new SnapshotUser[0];

    /// <summary>Reads the index; an SDK exception propagates for the caller to translate.</summary>
    public static async Task<SnapshotReferenceIndex> BuildAsync(AwsClientFactory clients, ResolvedConnection connection, CancellationToken cancellationToken)
    {
        var index = new SnapshotReferenceIndex();
        var request = new DescribeImagesRequest
        {
            Owners = new List<string> { "self" },
            IncludeDeprecated = true,
            IncludeDisabled = true,
            MaxResults = 1000,
        };
        await new AmiFinder(clients).ForEachImageAsync(connection, request, index.Add, cancellationToken).ConfigureAwait(false);
        return index;
    }

    private void Add(Image image)
    {
        _imageIds.Add(image.ImageId);
        var user = new SnapshotUser(image.ImageId, image.Name ?? "", image.State?.Value ?? "");
        var snapshots = (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>())
            .Select(m => m.Ebs?.SnapshotId).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal);
        foreach (var snapshotId in snapshots)
        {
            if (!_users.TryGetValue(snapshotId!, out var users)) _users[snapshotId!] = users = new List<SnapshotUser>();
            users.Add(user);
        }
    }
}
