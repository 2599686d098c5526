using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// The describe side of sharing, shared by Grant, Revoke and Get: the images of one region in one
/// DescribeImages, their launch permissions, the createVolumePermission of their snapshots. EC2 has no
/// batch form of the attribute calls, so those go one per image or snapshot, a few at a time.
/// </summary>
internal sealed class SharingStateReader(AwsClientFactory clients)
{
    private readonly AwsClientFactory _clients = clients;
    private readonly OwnedImageLookup _owned = new OwnedImageLookup(clients, "see or change who may launch it");
    private readonly CallerIdentityReader _identity = new CallerIdentityReader(clients);

    /// <summary>The attribute calls of the command, which go one per image or snapshot, a few at a time.</summary>
    public CallLimiter InFlight { get; } = new CallLimiter(CallLimits.PerResourceCalls);

    /// <summary>
    /// Runs <paramref name="perImage"/> for every own image of <paramref name="targets"/>, all regions and
    /// images at once, and returns the results in the order the images were given. Only the owner can read or
    /// change launch permissions: every other image is an error of <see cref="OwnedImageLookup"/>. A failure of one image
    /// is reported with the image as target and the others go on; a fatal one (credentials) is thrown.
    /// </summary>
    public async Task<List<T>> ForEachOwnImageAsync<T>(IReadOnlyList<SharingTarget> targets, EngineEventStream events,
        Func<ResolvedConnection, IReadOnlyList<Ami>, CancellationToken, Task> beforeImages,
        Func<ResolvedConnection, Ami, CancellationToken, Task<T?>> perImage, string what, CancellationToken cancellationToken)
        where T : class
    {
        var results = new ConcurrentDictionary<string, T>(StringComparer.Ordinal);
        await PlaceFanOut.ForEachPlaceAsync(targets, t => t.Connection, async (connection, group) =>
        {
            var callerAccount = await _identity.AccountIdAsync(connection, cancellationToken).ConfigureAwait(false);
            var ordered = (await _owned.FindInRegionAsync(connection, group.Select(t => t.ImageId).ToList(), callerAccount, events, cancellationToken).ConfigureAwait(false))
                .Select(owned => owned.Ami).ToList();
            if (ordered.Count == 0) return;
            // A failure here is the region's (reported by the place fan-out); one of an image below is that image's.
            await beforeImages(connection, ordered, cancellationToken).ConfigureAwait(false);
            await PlaceFanOut.ForEachAsync(ordered, async image =>
            {
                var result = await perImage(connection, image, cancellationToken).ConfigureAwait(false);
                if (result != null) results[Key(connection, image.ImageId)] = result;
            }, image => image.ImageId, image => what + " " + image.ImageId + " (" + PlaceFanOut.NameOf(connection) + ")", events, cancellationToken,
                scopeOf: _ => connection.InFleet).ConfigureAwait(false);
        }, connection => what + " the images in " + PlaceFanOut.NameOf(connection), events, cancellationToken).ConfigureAwait(false);

        return targets.Select(t => Key(t.Connection, t.ImageId)).Distinct(StringComparer.Ordinal)
            .Where(results.ContainsKey).Select(key => results[key]).ToList();
    }

    private static string Key(ResolvedConnection connection, string imageId) => connection.PlaceKey + "|" + imageId;

    /// <summary>Who may launch the image now (DescribeImageAttribute launchPermission).</summary>
    public async Task<HashSet<SharingPrincipal>> LaunchPermissionsAsync(ResolvedConnection connection, string imageId, CancellationToken cancellationToken)
    {
        var response = await InFlight.RunAsync(() => Ec2(connection).DescribeImageAttributeAsync(
            new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var principals = new HashSet<SharingPrincipal>();
        foreach (var permission in response.ImageAttribute?.LaunchPermissions ?? new List<LaunchPermission>())
        {
            if (permission.Group == PermissionGroup.All) principals.Add(SharingPrincipal.Public);
            if (!string.IsNullOrEmpty(permission.UserId)) principals.Add(new SharingPrincipal(LaunchPermissionKind.Account, permission.UserId));
            if (!string.IsNullOrEmpty(permission.OrganizationArn)) principals.Add(new SharingPrincipal(LaunchPermissionKind.Organization, permission.OrganizationArn));
            if (!string.IsNullOrEmpty(permission.OrganizationalUnitArn)) principals.Add(new SharingPrincipal(LaunchPermissionKind.OrganizationalUnit, permission.OrganizationalUnitArn));
        }
        return principals;
    }

    /// <summary>The accounts each snapshot grants createVolumePermission to, all snapshots at once.</summary>
    public async Task<Dictionary<string, HashSet<string>>> SnapshotAccountsAsync(ResolvedConnection connection, IEnumerable<string> snapshotIds, CancellationToken cancellationToken)
    {
        var result = new ConcurrentDictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await Task.WhenAll(snapshotIds.Distinct(StringComparer.Ordinal).Select(async snapshotId =>
        {
            var sharedWith = await SnapshotSharedWithAsync(connection, snapshotId, cancellationToken).ConfigureAwait(false);
            sharedWith.Remove(PublicGroup);
            result[snapshotId] = sharedWith;
        })).ConfigureAwait(false);
        return new Dictionary<string, HashSet<string>>(result, StringComparer.Ordinal);
    }

    /// <summary>"all": the createVolumePermission group of a public snapshot, as EC2 names it.</summary>
    public const string PublicGroup = "all";

    /// <summary>
    /// Who may create volumes from one snapshot (DescribeSnapshotAttribute createVolumePermission): account
    /// ids, and <see cref="PublicGroup"/> when it is public. Only the owner can read this.
    /// </summary>
    public async Task<HashSet<string>> SnapshotSharedWithAsync(ResolvedConnection connection, string snapshotId, CancellationToken cancellationToken)
    {
        var response = await InFlight.RunAsync(() => Ec2(connection).DescribeSnapshotAttributeAsync(
            new DescribeSnapshotAttributeRequest { SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var sharedWith = new HashSet<string>(StringComparer.Ordinal);
        foreach (var permission in response.CreateVolumePermissions ?? new List<CreateVolumePermission>())
        {
            if (permission.Group == PermissionGroup.All) sharedWith.Add(PublicGroup);
            if (!string.IsNullOrEmpty(permission.UserId)) sharedWith.Add(permission.UserId);
        }
        return sharedWith;
    }

    /// <summary>True when image block public access stops new public sharing in the region.</summary>
    public async Task<bool> BlocksPublicSharingAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        var response = await Ec2(connection).GetImageBlockPublicAccessStateAsync(new GetImageBlockPublicAccessStateRequest(), cancellationToken).ConfigureAwait(false);
        return !string.IsNullOrEmpty(response.ImageBlockPublicAccessState) && response.ImageBlockPublicAccessState != "unblocked";
    }

    private IAmazonEC2 Ec2(ResolvedConnection connection) => _clients.Ec2(connection);
}
