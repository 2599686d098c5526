using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// The KMS side of sharing an encrypted image: one grant per (image, key, account), named
/// AmiCmdlets-&lt;image&gt;-&lt;account&gt; so that a second Grant finds and reuses it and Revoke removes
/// exactly the grants Grant made (and no grant someone else made for the same account). Keys are
/// described and their grants listed once per command, however many images use them.
/// </summary>
internal sealed class KmsGrantKeeper(AwsClientFactory clients)
{
    /// <summary>What the target account needs to launch and to copy (re-encrypt) the image.</summary>
    public static readonly IReadOnlyList<string> Operations = new[]
    {
        "Decrypt", "DescribeKey", "CreateGrant", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyWithoutPlaintext",
    };

    private const string NamePrefix = "AmiCmdlets-";
    private readonly ConcurrentDictionary<string, Task<SharedKey>> _keys = new ConcurrentDictionary<string, Task<SharedKey>>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<GrantListEntry>>> _grants =
        new ConcurrentDictionary<string, Task<IReadOnlyList<GrantListEntry>>>(StringComparer.Ordinal);

    public static string GrantName(string imageId, string account) => NamePrefix + imageId + "-" + account;

    /// <summary>The account's root principal in the key's partition (aws, aws-us-gov, aws-cn).</summary>
    public static string Grantee(string account, string keyArn)
    {
        var parts = keyArn.Split(':');
        var partition = parts.Length > 1 && parts[0] == "arn" ? parts[1] : "aws";
        return "arn:" + partition + ":iam::" + account + ":root";
    }

    /// <summary>The grant Grant-AmiLaunchPermission made for this image and account, if the key holds it.</summary>
    public static GrantListEntry? FindOurs(IEnumerable<GrantListEntry> grants, string imageId, string account)
    {
        var name = GrantName(imageId, account);
        var granteeSuffix = ":iam::" + account + ":root";
        return grants.FirstOrDefault(g => g.Name == name && g.GranteePrincipal != null && g.GranteePrincipal.EndsWith(granteeSuffix, StringComparison.Ordinal)
            && Operations.All(op => (g.Operations ?? new List<string>()).Contains(op)));
    }

    /// <summary>Every grant Grant made for this image (whatever the account), by name.</summary>
    public static IEnumerable<GrantListEntry> AllOurs(IEnumerable<GrantListEntry> grants, string imageId)
    {
        var prefix = NamePrefix + imageId + "-";
        return grants.Where(g => g.Name != null && g.Name.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The account a grant of ours was made for (from its name).</summary>
    public static string AccountOf(GrantListEntry grant, string imageId) => grant.Name!.Substring((NamePrefix + imageId + "-").Length);

    /// <summary>DescribeKey, once per key: is it the AWS-managed key?</summary>
    public Task<SharedKey> DescribeAsync(ResolvedConnection connection, string keyArn, CancellationToken cancellationToken) =>
        _keys.GetOrAdd(connection.PlaceKey + "|" + keyArn, async _ =>
        {
            var metadata = (await Kms(connection).DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyArn }, cancellationToken).ConfigureAwait(false)).KeyMetadata;
            return new SharedKey(metadata.Arn ?? keyArn, metadata.KeyManager == KeyManagerType.AWS);
        });

    /// <summary>Every grant of the key (ListGrants, paged), once per key.</summary>
    public Task<IReadOnlyList<GrantListEntry>> GrantsAsync(ResolvedConnection connection, string keyArn, CancellationToken cancellationToken) =>
        _grants.GetOrAdd(connection.PlaceKey + "|" + keyArn, async _ =>
        {
            var all = new List<GrantListEntry>();
            await DescribePages.ForEachAsync(new ListGrantsRequest { KeyId = keyArn, Limit = 100 }, (r, marker) => r.Marker = marker, Kms(connection).ListGrantsAsync,
                response => response.Truncated == true ? response.NextMarker : null,
                response => all.AddRange(response.Grants ?? new List<GrantListEntry>()), cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<GrantListEntry>)all;
        });

    /// <summary>
    /// The grants Grant-AmiLaunchPermission made for <paramref name="imageId"/> on its keys (whatever the
    /// account), found by name; AWS-managed keys are skipped, since they take no grants for other accounts.
    /// Used by Revoke-AmiLaunchPermission and by Remove-AmiWithSnapshots, which must not leave them behind.
    /// </summary>
    public async Task<IReadOnlyList<PlannedGrant>> OursAsync(ResolvedConnection connection, IEnumerable<string> keyArns, string imageId, CancellationToken cancellationToken)
    {
        var ours = new List<PlannedGrant>();
        foreach (var keyArn in keyArns.Distinct(StringComparer.Ordinal))
        {
            var key = await DescribeAsync(connection, keyArn, cancellationToken).ConfigureAwait(false);
            if (key.AwsManaged) continue;
            var grants = await GrantsAsync(connection, key.Arn, cancellationToken).ConfigureAwait(false);
            ours.AddRange(AllOurs(grants, imageId).Select(g => new PlannedGrant(key.Arn, AccountOf(g, imageId), g.Name!, g.GrantId)));
        }
        return ours;
    }

    public Task CreateAsync(ResolvedConnection connection, string keyArn, string imageId, string account, CancellationToken cancellationToken) =>
        Kms(connection).CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = keyArn,
            GranteePrincipal = Grantee(account, keyArn),
            Operations = Operations.ToList(),
            Name = GrantName(imageId, account),
        }, cancellationToken);

    /// <summary>
    /// RevokeGrant, not RetireGrant: the key owner's administrators hold kms:RevokeGrant through the key
    /// policy, while who may retire a grant depends on who created it.
    /// </summary>
    public Task RevokeAsync(ResolvedConnection connection, string keyArn, string grantId, CancellationToken cancellationToken) =>
        Kms(connection).RevokeGrantAsync(new RevokeGrantRequest { KeyId = keyArn, GrantId = grantId }, cancellationToken);

    /// <summary>
    /// The key policy statements that let an organization's or OU's accounts use the key for the image
    /// (grants cannot name an organization), as JSON to paste into the key policy's Statement list.
    /// </summary>
    public static string KeyPolicyStatements(IEnumerable<SharingPrincipal> organizational)
    {
        var statements = new List<string>();
        foreach (var principal in organizational)
        {
            var orgId = SharingPrincipals.OrganizationId(principal);
            string sid, condition;
            if (principal.Kind == LaunchPermissionKind.Organization)
            {
                sid = "Allow use of the key for AMIs shared with " + orgId;
                condition = "\"StringEquals\": { \"aws:PrincipalOrgID\": \"" + orgId + "\" }";
            }
            else
            {
                var ouId = SharingPrincipals.OrganizationalUnitId(principal);
                sid = "Allow use of the key for AMIs shared with " + ouId;
                condition = "\"ForAnyValue:StringLike\": { \"aws:PrincipalOrgPaths\": \"" + orgId + "/*/" + ouId + "/*\" }";
            }
            var text = new StringBuilder();
            text.AppendLine("{");
            text.AppendLine("  \"Sid\": \"" + sid + "\",");
            text.AppendLine("  \"Effect\": \"Allow\",");
            text.AppendLine("  \"Principal\": { \"AWS\": \"*\" },");
            text.AppendLine("  \"Action\": [ " + string.Join(", ", Operations.Select(op => "\"kms:" + op + "\"")) + " ],");
            text.AppendLine("  \"Resource\": \"*\",");
            text.AppendLine("  \"Condition\": { " + condition + " }");
            text.Append("}");
            statements.Add(text.ToString());
        }
        return string.Join("," + Environment.NewLine, statements);
    }

    private IAmazonKeyManagementService Kms(ResolvedConnection connection) => clients.Kms(connection);
}
