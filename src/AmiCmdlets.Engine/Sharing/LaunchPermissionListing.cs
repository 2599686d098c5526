using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Identity;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// Get-AmiLaunchPermission: one object per principal of each image, with whether each account also has
/// the snapshot permission and KMS grants that copying needs. Snapshots and keys are read only for
/// images shared with accounts, since only accounts can hold those.
/// </summary>
public sealed class LaunchPermissionListing(Connection.AwsClientFactory clients)
{
    private readonly SharingStateReader _reader = new SharingStateReader(clients);
    private readonly KmsGrantKeeper _keys = new KmsGrantKeeper(clients);
    private readonly CallerIdentityReader _identity = new CallerIdentityReader(clients);

    public async Task ListAsync(IReadOnlyList<SharingTarget> targets, EngineEventStream events, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return;
        var perImage = await _reader.ForEachOwnImageAsync<List<AmiLaunchPermission>>(targets, events, (c, i, t) => Task.CompletedTask,
            async (connection, image, token) =>
            {
                var principals = await _reader.LaunchPermissionsAsync(connection, image.ImageId, token).ConfigureAwait(false);
                if (principals.Count == 0) events.Verbose(image.ImageId + " (" + connection.Region + ") is not shared: only its owner can launch it.");
                var accounts = principals.Where(p => p.IsAccount).Select(p => p.Value).ToList();

                Dictionary<string, HashSet<string>>? snapshots = null;
                if (accounts.Count > 0 && image.SnapshotIds.Count > 0)
                    snapshots = await _reader.SnapshotAccountsAsync(connection, image.SnapshotIds, token).ConfigureAwait(false);

                // Account -> has our grant on every key (false as soon as one key lacks it, or is AWS-managed).
                Dictionary<string, bool>? grants = null;
                if (accounts.Count > 0 && image.Encrypted && image.KmsKeyIds.Count > 0)
                {
                    grants = accounts.ToDictionary(a => a, a => true, StringComparer.Ordinal);
                    foreach (var keyArn in image.KmsKeyIds)
                    {
                        var key = await _keys.DescribeAsync(connection, keyArn, token).ConfigureAwait(false);
                        var keyGrants = key.AwsManaged ? null : await _keys.GrantsAsync(connection, key.Arn, token).ConfigureAwait(false);
                        foreach (var account in accounts)
                            grants[account] &= keyGrants != null && KmsGrantKeeper.FindOurs(keyGrants, image.ImageId, account) != null;
                    }
                }

                return principals.OrderBy(p => p.Kind).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => new AmiLaunchPermission
                {
                    ImageId = image.ImageId,
                    Region = connection.Region,
                    Kind = p.Kind,
                    Principal = p.Value,
                    SnapshotPermission = p.IsAccount && snapshots != null ? snapshots.Values.All(s => s.Contains(p.Value)) : (bool?)null,
                    KmsGrant = p.IsAccount && grants != null ? grants[p.Value] : (bool?)null,
                }.At(connection)).ToList();
            }, "Reading the launch permissions of", cancellationToken).ConfigureAwait(false);

        foreach (var permission in perImage.SelectMany(p => p)) events.Output(permission);
    }
}
