using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// Grant- and Revoke-AmiLaunchPermission. The plan phase only describes (images, launch permissions,
/// snapshot permissions, keys, grants, image block public access) and refuses what cannot work before
/// anything changes; the cmdlet then asks ShouldProcess per image; the execute phase makes only the
/// missing changes, per image in an order that never shows another account an image it cannot use yet:
/// KMS grants, then snapshots, then launch permission (Revoke: the reverse).
/// </summary>
public sealed class LaunchPermissionSharing(AwsClientFactory clients)
{
    private readonly AwsClientFactory _clients = clients;
    private readonly SharingStateReader _reader = new SharingStateReader(clients);
    private readonly KmsGrantKeeper _keys = new KmsGrantKeeper(clients);
    private readonly CallerIdentityReader _identity = new CallerIdentityReader(clients);

    /// <summary>
    /// What Grant will change on each image. Per-image problems (not found, not owned, not available,
    /// public refusals) are error events; an image encrypted with the AWS-managed key stops the whole command
    /// (AmiKeyNotShareable) before any change, since sharing it can never work.
    /// </summary>
    public async Task<IReadOnlyList<LaunchPermissionPlan>> PlanGrantAsync(SharingRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        if (request.Images.Count == 0) return new LaunchPermissionPlan[0];
        var principalsOf = await PrincipalsByImageAsync(request, events, "not granting it launch permission: the owner can always launch its own images", cancellationToken).ConfigureAwait(false);
        bool WantsPublic(ResolvedConnection connection, Ami image) => principalsOf[connection.PlaceKey + "|" + image.ImageId].Contains(SharingPrincipal.Public);
        var refused = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var unshareable = new ConcurrentBag<(Ami Image, string KeyArn)>();

        // Refusals that need at most one call per region, before any per-image call.
        async Task PrecheckAsync(ResolvedConnection connection, IReadOnlyList<Ami> images, CancellationToken token)
        {
            // A pending copy has no snapshots to share yet, and EC2 shares neither failed nor disabled images.
            foreach (var image in images.Where(i => i.State != "available"))
            {
                refused[image.ImageId] = true;
                events.Error(EngineErrors.AmiNotAvailable(image, "shared", "Nothing was changed on it.", "Grant-AmiLaunchPermission ..."));
            }
            images = images.Where(i => WantsPublic(connection, i) && !refused.ContainsKey(i.ImageId)).ToList();
            foreach (var image in images.Where(i => i.Encrypted && !i.Public))
            {
                refused[image.ImageId] = true;
                events.Error(new AmiOperationException(ErrorIds.PublicSharingOfEncryptedAmi, AmiErrorCategory.InvalidOperation, image.ImageId,
                    "AMI " + image.ImageId + " (" + connection.Region + ") is encrypted, and EC2 never makes an encrypted AMI public. Nothing was changed on it. " +
                    "Share it with accounts or your organization instead (-AccountId, -OrganizationArn)."));
            }
            if (!images.Any(i => !i.Public && !refused.ContainsKey(i.ImageId))) return;
            if (!await _reader.BlocksPublicSharingAsync(connection, token).ConfigureAwait(false)) return;
            foreach (var image in images.Where(i => !i.Public && !refused.ContainsKey(i.ImageId)))
            {
                refused[image.ImageId] = true;
                events.Error(new AmiOperationException(ErrorIds.ImageBlockPublicAccessEnabled, AmiErrorCategory.PermissionDenied, image.ImageId,
                    "AMI " + image.ImageId + " was not made public: image block public access is on for your account in " + connection.Region +
                    ", so EC2 refuses new public sharing there. Nothing was changed on it. If the image really must be public, turn the block off first " +
                    "(aws ec2 disable-image-block-public-access --region " + connection.Region + "; it can take up to 10 minutes) and run the command again."));
            }
        }

        var plans = await _reader.ForEachOwnImageAsync<LaunchPermissionPlan>(request.Images, events, PrecheckAsync,
            async (connection, image, token) =>
            {
                if (refused.ContainsKey(image.ImageId)) return null;
                var plan = new LaunchPermissionPlan(connection, image, revoking: false);
                var principals = principalsOf[connection.PlaceKey + "|" + image.ImageId];
                var keys = await KeysOfAsync(connection, image, token).ConfigureAwait(false);
                foreach (var key in keys.Where(k => k.AwsManaged)) unshareable.Add((image, key.Arn));
                if (keys.Any(k => k.AwsManaged)) return null;

                var current = await _reader.LaunchPermissionsAsync(connection, image.ImageId, token).ConfigureAwait(false);
                plan.LaunchPermissions.AddRange(principals.Where(p => !current.Contains(p)));
                // Before the snapshot and key steps are planned: EC2 would refuse only the last step.
                if (!request.IgnoreSharingQuota && AmiSharingQuota.Check(image, current, plan.LaunchPermissions) is AmiOperationException overQuota)
                {
                    events.Error(overQuota);
                    return null;
                }
                var accounts = principals.Where(p => p.IsAccount).Select(p => p.Value).ToList();
                if (accounts.Count > 0 && !request.SkipSnapshotPermission && image.SnapshotIds.Count > 0)
                {
                    var shared = await _reader.SnapshotAccountsAsync(connection, image.SnapshotIds, token).ConfigureAwait(false);
                    foreach (var snapshot in image.SnapshotIds)
                    {
                        var missing = accounts.Where(a => !shared[snapshot].Contains(a)).ToList();
                        if (missing.Count > 0) plan.SnapshotAccounts[snapshot] = missing;
                    }
                }
                if (accounts.Count > 0 && !request.SkipKmsGrant)
                {
                    foreach (var key in keys)
                    {
                        var grants = await _keys.GrantsAsync(connection, key.Arn, token).ConfigureAwait(false);
                        foreach (var account in accounts.Where(a => KmsGrantKeeper.FindOurs(grants, image.ImageId, a) == null))
                            plan.Grants.Add(new PlannedGrant(key.Arn, account, KmsGrantKeeper.GrantName(image.ImageId, account), null));
                    }
                }
                WarnAboutOrganizations(request, principals, image, keys, events);
                if (!plan.HasChanges) events.Verbose(image.ImageId + " (" + connection.Region + ") already has everything asked for; nothing to change.");
                return plan;
            }, "Planning the sharing of", cancellationToken).ConfigureAwait(false);

        if (!unshareable.IsEmpty) throw KeyNotShareable(unshareable.ToList());
        return plans;
    }

    /// <summary>
    /// What Revoke will change on each image: the launch permissions named (or all with -All) that the
    /// image has, the createVolumePermission of those accounts on its snapshots, and the KMS grants that
    /// Grant-AmiLaunchPermission made for them (found by name), nothing else.
    /// </summary>
    public async Task<IReadOnlyList<LaunchPermissionPlan>> PlanRevokeAsync(SharingRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        if (request.Images.Count == 0) return new LaunchPermissionPlan[0];
        var principalsOf = await PrincipalsByImageAsync(request, events, "the owner's own access cannot be revoked", cancellationToken).ConfigureAwait(false);

        return await _reader.ForEachOwnImageAsync<LaunchPermissionPlan>(request.Images, events, (c, i, t) => Task.CompletedTask,
            async (connection, image, token) =>
            {
                var plan = new LaunchPermissionPlan(connection, image, revoking: true);
                var principals = principalsOf[connection.PlaceKey + "|" + image.ImageId];
                var current = await _reader.LaunchPermissionsAsync(connection, image.ImageId, token).ConfigureAwait(false);
                var removing = request.All ? current.OrderBy(p => p.Kind).ThenBy(p => p.Value, StringComparer.Ordinal).ToList() : principals.Where(current.Contains).ToList();
                plan.LaunchPermissions.AddRange(removing);
                foreach (var absent in principals.Where(p => !current.Contains(p)))
                    events.Verbose(image.ImageId + " (" + connection.Region + ") is not shared with " + absent + "; removing only what Grant made for it, if anything.");

                var accounts = new HashSet<string>((request.All ? removing : principals).Where(p => p.IsAccount).Select(p => p.Value), StringComparer.Ordinal);
                if ((accounts.Count > 0 || request.All) && image.Encrypted)
                {
                    var ours = await _keys.OursAsync(connection, image.KmsKeyIds, image.ImageId, token).ConfigureAwait(false);
                    plan.Grants.AddRange(ours.Where(g => request.All || accounts.Contains(g.Account)));
                }
                // -All also takes back the snapshots of accounts whose grants outlived their launch permission.
                if (request.All) accounts.UnionWith(plan.Grants.Select(g => g.Account));
                if (accounts.Count > 0 && image.SnapshotIds.Count > 0)
                {
                    var shared = await _reader.SnapshotAccountsAsync(connection, image.SnapshotIds, token).ConfigureAwait(false);
                    foreach (var snapshot in image.SnapshotIds)
                    {
                        var present = accounts.Where(shared[snapshot].Contains).OrderBy(a => a, StringComparer.Ordinal).ToList();
                        if (present.Count > 0) plan.SnapshotAccounts[snapshot] = present;
                    }
                }
                if (!plan.HasChanges) events.Verbose(image.ImageId + " (" + connection.Region + ") shares nothing that was asked to be revoked; nothing to change.");
                return plan;
            }, "Planning the revocation on", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the approved plans' changes, images in parallel. A failure stops that image only and says
    /// what was already done; with <paramref name="passThru"/> every image that ended as asked is output,
    /// in the order given.
    /// </summary>
    public async Task ExecuteAsync(IReadOnlyList<LaunchPermissionPlan> approved, bool passThru, EngineEventStream events, CancellationToken cancellationToken)
    {
        var failed = await PlaceFanOut.ForEachAsync(approved.Where(plan => plan.HasChanges), plan => ApplyAsync(plan, events, cancellationToken),
            plan => plan.Image.ImageId, _ => null, events, cancellationToken, scopeOf: plan => plan.Connection.InFleet).ConfigureAwait(false);
        if (!passThru) return;
        foreach (var plan in approved)
            if (!failed.Contains(plan)) events.Output(plan.Image);
    }

    /// <summary>One image's steps in turn; a failure says where it stopped and what was already done.</summary>
    private async Task ApplyAsync(LaunchPermissionPlan plan, EngineEventStream events, CancellationToken cancellationToken)
    {
        var connection = plan.Connection;
        var image = plan.Image;
        var completed = new List<string>();
        var steps = new List<(string Name, Func<Task> Run)>();
        if (!plan.Revoking)
        {
            steps.AddRange(plan.Grants.Select(g => ("CreateGrant " + g.Name, (Func<Task>)(() => Call(() => _keys.CreateAsync(connection, g.KeyArn, image.ImageId, g.Account, cancellationToken), cancellationToken)))));
            steps.AddRange(plan.SnapshotAccounts.Select(s => ("ModifySnapshotAttribute " + s.Key, (Func<Task>)(() => ModifySnapshotAsync(connection, s.Key, s.Value, adding: true, cancellationToken)))));
            if (plan.LaunchPermissions.Count > 0) steps.Add(("ModifyImageAttribute", () => ModifyImageAsync(plan, cancellationToken)));
        }
        else
        {
            if (plan.LaunchPermissions.Count > 0) steps.Add(("ModifyImageAttribute", () => ModifyImageAsync(plan, cancellationToken)));
            steps.AddRange(plan.SnapshotAccounts.Select(s => ("ModifySnapshotAttribute " + s.Key, (Func<Task>)(() => ModifySnapshotAsync(connection, s.Key, s.Value, adding: false, cancellationToken)))));
            steps.AddRange(plan.Grants.Select(g => ("RevokeGrant " + g.Name, (Func<Task>)(() => Call(() => _keys.RevokeAsync(connection, g.KeyArn, g.GrantId!, cancellationToken), cancellationToken)))));
        }

        foreach (var step in steps)
        {
            try
            {
                await step.Run().ConfigureAwait(false);
                events.Verbose(image.ImageId + " (" + connection.Region + "): " + step.Name + " done.");
                completed.Add(step.Name);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var context = (plan.Revoking ? "Revoking on " : "Sharing ") + image.ImageId + " (" + connection.Region + ") stopped at " + step.Name +
                    (completed.Count == 0 ? ", before any change" : " after " + string.Join(", ", completed)) + "; run the command again to finish";
                throw AwsErrorMap.Translate(exception, image.ImageId, context);
            }
        }
        if (plan.LaunchPermissions.Contains(SharingPrincipal.Public)) image.Public = !plan.Revoking;
    }

    /// <summary>All principals of the image in one call: EC2 takes up to the 1,000-entity sharing quota in one request.</summary>
    private Task ModifyImageAsync(LaunchPermissionPlan plan, CancellationToken cancellationToken)
    {
        var permissions = plan.LaunchPermissions.Select(p => p.Kind switch
        {
            LaunchPermissionKind.Public => new LaunchPermission { Group = PermissionGroup.All },
            LaunchPermissionKind.Account => new LaunchPermission { UserId = p.Value },
            LaunchPermissionKind.Organization => new LaunchPermission { OrganizationArn = p.Value },
            _ => new LaunchPermission { OrganizationalUnitArn = p.Value },
        }).ToList();
        var modifications = plan.Revoking ? new LaunchPermissionModifications { Remove = permissions } : new LaunchPermissionModifications { Add = permissions };
        return Call(() => _clients.Ec2(plan.Connection).ModifyImageAttributeAsync(
            new ModifyImageAttributeRequest { ImageId = plan.Image.ImageId, LaunchPermission = modifications }, cancellationToken), cancellationToken);
    }

    private Task ModifySnapshotAsync(ResolvedConnection connection, string snapshotId, IReadOnlyList<string> accounts, bool adding, CancellationToken cancellationToken)
    {
        var permissions = accounts.Select(a => new CreateVolumePermission { UserId = a }).ToList();
        return Call(() => _clients.Ec2(connection).ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = snapshotId,
            Attribute = SnapshotAttributeName.CreateVolumePermission,
            CreateVolumePermission = adding ? new CreateVolumePermissionModifications { Add = permissions } : new CreateVolumePermissionModifications { Remove = permissions },
        }, cancellationToken), cancellationToken);
    }

    private Task Call(Func<Task> call, CancellationToken cancellationToken) => _reader.InFlight.RunAsync(call, cancellationToken);

    /// <summary>The image's KMS keys, each described once per command.</summary>
    private async Task<IReadOnlyList<SharedKey>> KeysOfAsync(ResolvedConnection connection, Ami image, CancellationToken cancellationToken) =>
        image.Encrypted && image.KmsKeyIds.Count > 0
            ? await Task.WhenAll(image.KmsKeyIds.Select(k => _keys.DescribeAsync(connection, k, cancellationToken))).ConfigureAwait(false)
            : new SharedKey[0];

    /// <summary>Place|image -> its principals, the acting account left out (with one warning per account): the owner always may.</summary>
    private async Task<Dictionary<string, List<SharingPrincipal>>> PrincipalsByImageAsync(SharingRequest request, EngineEventStream events, string why, CancellationToken cancellationToken)
    {
        var callers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var connection in request.Images.Select(t => t.Connection).GroupBy(c => c.PlaceKey, StringComparer.Ordinal).Select(g => g.First()))
            callers[connection.PlaceKey] = await _identity.AccountIdAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var caller in request.Images.Where(t => t.Principals.Any(p => p.IsAccount && p.Value == callers[t.Connection.PlaceKey]))
                     .Select(t => callers[t.Connection.PlaceKey]).Distinct(StringComparer.Ordinal))
            events.Warning("Skipping account " + caller + ": it is your own account, which owns the images; " + why + ".");
        return request.Images.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.SelectMany(t => t.Principals).Where(p => !(p.IsAccount && p.Value == callers[g.First().Connection.PlaceKey])).Distinct().ToList(), StringComparer.Ordinal);
    }

    /// <summary>Organizations and OUs get launch permission only: say what else they need, with the key policy statement to paste.</summary>
    private static void WarnAboutOrganizations(SharingRequest request, IReadOnlyList<SharingPrincipal> principals, Ami image, IReadOnlyList<SharedKey> keys, EngineEventStream events)
    {
        var organizational = principals.Where(p => p.IsOrganizational).ToList();
        if (organizational.Count == 0) return;
        var parts = new List<string>();
        if (!request.SkipSnapshotPermission && image.SnapshotIds.Count > 0)
            parts.Add("Snapshot createVolumePermission cannot name an organization or OU, so the snapshots of " + image.ImageId +
                " are not shared with them: their accounts can launch the image but not copy it. To let an account copy it, grant that account with -AccountId.");
        if (!request.SkipKmsGrant && keys.Count > 0)
            parts.Add("A KMS grant cannot name an organization or OU either: the key policy of " + string.Join(" and ", keys.Select(k => k.Arn)) +
                " must let their accounts use the key, or they cannot launch the image. Add this to the key policy's Statement list:" +
                Environment.NewLine + KmsGrantKeeper.KeyPolicyStatements(organizational));
        if (parts.Count == 0) return;
        events.Warning(image.ImageId + " (" + image.Region + ") shared with " + string.Join(", ", organizational) + ". " + string.Join(" ", parts));
    }

    private static AmiOperationException KeyNotShareable(IReadOnlyList<(Ami Image, string KeyArn)> images)
    {
        var first = images[0].Image;
        var names = images.Select(i => i.Image.ImageId + " (" + i.Image.Region + ")").Distinct(StringComparer.Ordinal).ToList();
        var key = names.Count == 1 ? "the AWS-managed key alias/aws/ebs (" + images[0].KeyArn + ")" : "the AWS-managed key alias/aws/ebs of their region";
        return new AmiOperationException(ErrorIds.AmiKeyNotShareable, AmiErrorCategory.InvalidOperation, first.ImageId,
            "Nothing was shared: " + string.Join(", ", names) + (names.Count == 1 ? " is" : " are") + " encrypted with " + key +
            ", which AWS never lets another account use. Copy the image with a customer-managed key and share the copy" +
            (names.Count == 1 ? ": " : ", for example: ") +
            "Copy-AmiToRegion -ImageId " + first.ImageId + " -Region " + first.Region + " -DestinationRegion " + first.Region +
            " -Name '{name}-cmk' -KmsKeyId <customer key>"); // a same-region copy needs its own name
    }
}
