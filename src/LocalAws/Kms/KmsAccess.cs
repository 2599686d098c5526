using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>
/// Key identifiers (key id, key ARN, alias name, alias ARN) resolved the way KMS resolves them, and the
/// authorization KMS applies: the key policy, then grants. Shared by the KMS actions and by EC2 actions
/// that use keys on the caller's behalf (CopyImage).
/// </summary>
internal static partial class KmsAccess
{
    /// <summary>Operations a grant can allow (GrantOperation enum).</summary>
    public static readonly HashSet<string> GrantOperations = new(StringComparer.Ordinal)
    {
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign",
        "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac",
    };

    /// <summary>
    /// Finds the key an identifier names for a caller in <paramref name="account"/>/<paramref name="region"/>.
    /// Key ids and alias names always mean the caller's own account; another account's key can only be
    /// named by ARN, and only where the operation allows cross-account use (otherwise: AccessDenied).
    /// </summary>
    public static KmsKey Resolve(EmulatorState state, Principal caller, string region, string id, string action, bool allowAlias, bool crossAccount)
    {
        var account = caller.Account;
        if (id.StartsWith("alias/", StringComparison.Ordinal))
        {
            if (!allowAlias) throw InvalidKeyId(id);
            return AliasTarget(state, account, region, id);
        }
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var m = KmsArnPattern().Match(id);
            if (!m.Success) throw new AwsException("InvalidArnException", $"Invalid arn {id}");
            var arnRegion = m.Groups["region"].Value;
            var arnAccount = m.Groups["account"].Value;
            var isAlias = m.Groups["type"].Value == "alias";
            if (arnRegion != region) throw new AwsException("NotFoundException", $"Invalid arn {arnRegion}");
            if (isAlias && !allowAlias) throw InvalidKeyId(id);
            var key = isAlias
                ? AliasTarget(state, arnAccount, region, "alias/" + m.Groups["name"].Value)
                : state.Kms.Find(arnAccount, region, m.Groups["name"].Value, state.Now) ?? throw KeyNotFound(id);
            if (arnAccount != account && !crossAccount) throw AccessDenied(caller, key, action);
            return key;
        }
        if (!KeyIdPattern().IsMatch(id)) throw InvalidKeyId(id);
        return state.Kms.Find(account, region, id, state.Now) ?? throw KeyNotFound($"arn:aws:kms:{region}:{account}:key/{id}");
    }

    /// <summary>The key behind an alias; predefined AWS aliases get their AWS-managed key on first use, as on AWS.</summary>
    public static KmsKey AliasTarget(EmulatorState state, string account, string region, string aliasName)
    {
        if (KmsStore.PredefinedAliases.ContainsKey(aliasName)) return state.Kms.EnsureAwsManagedKey(account, region, aliasName, state.Now);
        var scope = state.Kms.Scope(account, region);
        if (scope.Aliases.TryGetValue(aliasName, out var alias) && state.Kms.Find(account, region, alias.TargetKeyId, state.Now) is { } key) return key;
        throw new AwsException("NotFoundException", $"Alias arn:aws:kms:{region}:{account}:{aliasName} is not found.");
    }

    /// <summary>Key policy first (an explicit Deny wins), then grants; throws AccessDeniedException as KMS does.</summary>
    public static void Authorize(AwsCall call, KmsKey key, string action)
    {
        var decision = Check(key, call.Principal, action, viaService: null);
        if (decision != PolicyDecision.Allow) throw AccessDenied(call.Principal, key, action, decision == PolicyDecision.Deny);
    }

    public static PolicyDecision Check(KmsKey key, Principal caller, string action, string? viaService)
    {
        var decision = key.Policy.Evaluate(caller, "kms:" + action, viaService);
        if (decision != PolicyDecision.None) return decision;
        foreach (var grant in key.Grants)
        {
            if (grant.Operations.Contains(action) && KeyPolicy.PrincipalMatches(grant.GranteePrincipal, caller)) return PolicyDecision.Allow;
        }
        return PolicyDecision.None;
    }

    /// <summary>
    /// What EBS finds when it uses a key for the caller (CopyImage: asynchronously, so the answer becomes the
    /// failed image's StateReason): the key, or why it cannot be used. AWS reports every KMS problem of a
    /// copy, missing key, disabled key or missing permission alike, as Client.InvalidKMSKey.InvalidState.
    /// </summary>
    public static EbsKeyUse CheckEbsUse(EmulatorState state, Principal caller, string region, string keyRef, params string[] operations)
    {
        KmsKey key;
        try { key = Resolve(state, caller, region, keyRef, "DescribeKey", allowAlias: true, crossAccount: true); }
        catch (AwsException e) { return EbsKeyUse.Failed($"{keyRef}: {e.Message}"); }
        if (!key.Enabled) return EbsKeyUse.Failed($"{key.Arn} is {(key.State == KmsKeyStates.Disabled ? "disabled" : "pending deletion")}");
        if (key.KeySpec != "SYMMETRIC_DEFAULT") return EbsKeyUse.Failed($"{key.Arn} is asymmetric; EBS supports only symmetric keys");
        var via = KeyPolicy.ViaService("ec2", key.Region);
        foreach (var op in operations)
        {
            if (Check(key, caller, op, via) != PolicyDecision.Allow)
                return EbsKeyUse.Failed($"{caller.Arn} may not use kms:{op} on {key.Arn} (key policy or grant)");
        }
        return new EbsKeyUse(key, null);
    }

    public static AwsException AccessDenied(Principal caller, KmsKey key, string action, bool explicitDeny = false) => new(
        "AccessDeniedException",
        $"User: {caller.Arn} is not authorized to perform: kms:{action} on resource: {key.Arn} because " +
        (explicitDeny ? "of an explicit deny in a resource-based policy" : $"no resource-based policy allows the kms:{action} action"));

    public static AwsException KeyNotFound(string arn) => new("NotFoundException", $"Key '{arn}' does not exist");

    public static AwsException InvalidKeyId(string id) => new("NotFoundException", $"Invalid keyId '{id}'");

    public static bool IsKeyId(string id) => KeyIdPattern().IsMatch(id);

    [GeneratedRegex(@"^arn:aws:kms:(?<region>[a-z0-9-]+):(?<account>\d{12}):(?<type>key|alias)/(?<name>[a-zA-Z0-9:/_-]+)$")]
    private static partial Regex KmsArnPattern();

    [GeneratedRegex("^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$")]
    private static partial Regex KeyIdPattern();
}

/// <summary>The outcome of EBS trying to use a KMS key: the key, or the detail of why it failed.</summary>
internal sealed record EbsKeyUse(KmsKey? Key, string? FailureDetail)
{
    public const string FailureCode = "Client.InvalidKMSKey.InvalidState";
    public const string FailureMessage = "Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state";

    public bool Usable => Key is not null;

    public static EbsKeyUse Failed(string detail) => new(null, detail);
}
