using System.Text.Json;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>
/// Grants: permissions on one key for one grantee, usable across accounts. A retried CreateGrant with the
/// same Name and parameters returns the same GrantId (with a fresh token), as KMS documents.
/// </summary>
internal static partial class KmsGrantsApi
{
    public static AwsResponse CreateGrant(AwsCall call, KmsRequest r)
    {
        var grantee = Principal(r.Required("GranteePrincipal", 1, 256), "granteePrincipal");
        var retiring = r.String("RetiringPrincipal", 1, 256) is { } rp ? Principal(rp, "retiringPrincipal") : null;
        var operations = r.StringList("Operations") ?? throw KmsRequest.Validation("Value null at 'operations' failed to satisfy constraint: Member must not be null");
        foreach (var op in operations)
        {
            if (!KmsAccess.GrantOperations.Contains(op))
                throw KmsRequest.Validation($"Value '[{string.Join(", ", operations)}]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [{string.Join(", ", KmsAccess.GrantOperations)}]]");
        }
        if (operations.Count == 0) throw new AwsException("ValidationException", "Grant must include at least one operation.");
        var name = r.String("Name", 1, 256);
        if (name is not null && !NamePattern().IsMatch(name))
            throw KmsRequest.Validation($"Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        var constraints = r.CanonicalObject("Constraints");
        var key = GrantKey(call, r, "CreateGrant");
        if (key.State == KmsKeyStates.Disabled) throw new AwsException("DisabledException", $"{key.Arn} is disabled.");
        if (key.State == KmsKeyStates.PendingDeletion) throw KmsKeysApi.PendingDeletion(key);

        var ops = operations.Distinct(StringComparer.Ordinal).ToList();
        var grant = name is null ? null : key.Grants.FirstOrDefault(g =>
            g.Name == name && g.GranteePrincipal == grantee && g.RetiringPrincipal == retiring && g.ConstraintsJson == constraints
            && g.Operations.Count == ops.Count && g.Operations.All(ops.Contains));
        if (grant is null)
        {
            grant = new KmsGrant
            {
                GrantId = call.State.Kms.NewGrantId(), KeyArn = key.Arn, Name = name, GranteePrincipal = grantee, RetiringPrincipal = retiring,
                IssuingAccount = $"arn:aws:iam::{call.Account}:root", Operations = ops, ConstraintsJson = constraints, CreationDate = call.State.Now,
            };
            key.Grants.Add(grant);
        }
        using var response = new KmsResponse();
        return response.Str("GrantToken", call.State.Kms.NewGrantToken(grant)).Str("GrantId", grant.GrantId).Build();
    }

    public static AwsResponse ListGrants(AwsCall call, KmsRequest r)
    {
        var key = GrantKey(call, r, "ListGrants");
        var limit = r.Int("Limit", 1, 100) ?? 50;
        var grantId = r.String("GrantId", 1, 128);
        var grantee = r.String("GranteePrincipal", 1, 256);
        var grants = key.Grants.Where(g => (grantId is null || g.GrantId == grantId) && (grantee is null || g.GranteePrincipal == grantee)).ToList();
        var (page, next) = KmsMarker.Page(grants, "grants", r.String("Marker"), limit);

        using var response = new KmsResponse();
        var w = response.Writer;
        w.WriteStartArray("Grants");
        foreach (var g in page)
        {
            w.WriteStartObject();
            w.WriteString("KeyId", g.KeyArn);
            w.WriteString("GrantId", g.GrantId);
            if (g.Name is not null) w.WriteString("Name", g.Name);
            w.WriteNumber("CreationDate", KmsResponse.EpochSeconds(g.CreationDate));
            w.WriteString("GranteePrincipal", g.GranteePrincipal);
            if (g.RetiringPrincipal is not null) w.WriteString("RetiringPrincipal", g.RetiringPrincipal);
            w.WriteString("IssuingAccount", g.IssuingAccount);
            w.WriteStartArray("Operations");
            foreach (var op in g.Operations) w.WriteStringValue(op);
            w.WriteEndArray();
            if (g.ConstraintsJson is not null)
            {
                w.WritePropertyName("Constraints");
                w.WriteRawValue(g.ConstraintsJson);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return response.Paging(next).Build();
    }

    public static AwsResponse RetireGrant(AwsCall call, KmsRequest r)
    {
        var token = r.String("GrantToken", 1, 8192);
        KmsKey key;
        KmsGrant grant;
        if (token is not null)
        {
            var target = call.State.Kms.FindGrantToken(token) ?? throw new AwsException("InvalidGrantTokenException", "Grant token is not valid.");
            key = FindByArn(call, target.KeyArn) ?? throw new AwsException("InvalidGrantTokenException", "Grant token is not valid.");
            grant = key.Grants.FirstOrDefault(g => g.GrantId == target.GrantId)
                ?? throw new AwsException("NotFoundException", $"Grant ID {target.GrantId} not found.");
        }
        else
        {
            var keyRef = r.String("KeyId", 1, 2048);
            var grantId = r.String("GrantId", 1, 128);
            if (keyRef is null || grantId is null)
                throw new AwsException("ValidationException", "Either GrantToken, or both KeyId and GrantId, must be specified.");
            key = KmsAccess.Resolve(call.State, call.Principal, call.Region, keyRef, "RetireGrant", allowAlias: false, crossAccount: true);
            grant = FindGrant(key, grantId);
        }
        // Retiring is up to the retiring principal, a grantee allowed RetireGrant, or the accounts that own the key or issued the grant.
        var caller = call.Principal;
        var allowed = (grant.RetiringPrincipal is { } retiring && KeyPolicy.PrincipalMatches(retiring, caller))
            || (grant.Operations.Contains("RetireGrant") && KeyPolicy.PrincipalMatches(grant.GranteePrincipal, caller))
            || caller.Account == key.Account || grant.IssuingAccount == $"arn:aws:iam::{caller.Account}:root";
        if (!allowed) throw KmsAccess.AccessDenied(caller, key, "RetireGrant");
        key.Grants.Remove(grant);
        return KmsResponse.Empty();
    }

    public static AwsResponse RevokeGrant(AwsCall call, KmsRequest r)
    {
        var key = GrantKey(call, r, "RevokeGrant");
        var grant = FindGrant(key, r.Required("GrantId", 1, 128));
        key.Grants.Remove(grant);
        return KmsResponse.Empty();
    }

    // Grant operations take a key id or key ARN (not an alias), and work across accounts by ARN.
    private static KmsKey GrantKey(AwsCall call, KmsRequest r, string action)
    {
        var key = KmsAccess.Resolve(call.State, call.Principal, call.Region, r.Required("KeyId", 1, 2048), action, allowAlias: false, crossAccount: true);
        KmsAccess.Authorize(call, key, action);
        return key;
    }

    private static KmsGrant FindGrant(KmsKey key, string grantId)
    {
        if (!GrantIdPattern().IsMatch(grantId)) throw new AwsException("InvalidGrantIdException", $"Invalid grant ID {grantId}.");
        return key.Grants.FirstOrDefault(g => g.GrantId == grantId) ?? throw new AwsException("NotFoundException", $"Grant ID {grantId} not found.");
    }

    private static KmsKey? FindByArn(AwsCall call, string arn)
    {
        var parts = arn.Split(':');
        return parts.Length == 6 ? call.State.Kms.Find(parts[4], parts[3], parts[5]["key/".Length..], call.State.Now) : null;
    }

    // Grantees and retiring principals are IAM/STS principal ARNs or AWS service principals; "*" and account ids are not.
    private static string Principal(string value, string member)
    {
        if (!PrincipalPattern().IsMatch(value))
            throw KmsRequest.Validation($"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@:/-]+$");
        if ((value.StartsWith("arn:", StringComparison.Ordinal) && KeyPolicy.IsValidAwsPrincipal(value)) || ServicePrincipalPattern().IsMatch(value))
            return value;
        throw new AwsException("InvalidArnException", $"ARN does not refer to a valid principal: {value}");
    }

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]+$")]
    private static partial Regex PrincipalPattern();

    [GeneratedRegex(@"^[a-z0-9.-]+\.amazonaws\.com$")]
    private static partial Regex ServicePrincipalPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex GrantIdPattern();
}
