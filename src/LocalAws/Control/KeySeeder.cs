using LocalAws.Kms;
using LocalAws.Model;

namespace LocalAws.Control;

/// <summary>Seeds KMS keys (with alias, state, policy and tags) and resolves the key references of seeded images.</summary>
internal static class KeySeeder
{
    public static (List<string> KeyIds, List<string> KeyArns) Seed(EmulatorState state, SeedRequest request)
    {
        var ids = new List<string>();
        var arns = new List<string>();
        var scope = state.Kms.Scope(request.Account, request.Region);
        foreach (var seed in request.Keys ?? Array.Empty<SeedKey>())
        {
            var alias = seed.Alias is null ? null : seed.Alias.StartsWith("alias/", StringComparison.Ordinal) ? seed.Alias : "alias/" + seed.Alias;
            if (alias is not null && (alias.StartsWith("alias/aws/", StringComparison.Ordinal) || scope.Aliases.ContainsKey(alias)))
                throw new ArgumentException($"alias {alias} is reserved or already exists in {request.Account}/{request.Region}");
            if (seed.KeyId is { } fixedId && !KmsAccess.IsKeyId(fixedId))
                throw new ArgumentException($"keyId must be a UUID, got '{fixedId}'");
            KeyPolicy policy;
            try
            {
                policy = seed.Policy is not null ? KeyPolicy.Parse(seed.Policy) : KeyPolicy.SharedWith(request.Account, seed.ShareWith ?? Array.Empty<string>());
            }
            catch (Protocol.AwsException e) { throw new ArgumentException($"key policy: {e.Message}"); }
            var usage = seed.KeyUsage ?? (seed.KeySpec.StartsWith("HMAC_", StringComparison.Ordinal) ? "GENERATE_VERIFY_MAC"
                : seed.KeySpec.StartsWith("ECC_", StringComparison.Ordinal) ? "SIGN_VERIFY" : "ENCRYPT_DECRYPT");
            var key = state.Kms.Add(request.Account, request.Region, policy, state.Now, seed.KeySpec, usage, seed.Description ?? "", seed.KeyId);
            if (!seed.Enabled) key.State = KmsKeyStates.Disabled;
            foreach (var (k, v) in seed.Tags ?? new Dictionary<string, string>()) key.Tags.Add(new(k, v));
            if (alias is not null)
                scope.Aliases[alias] = new KmsAlias { AliasName = alias, TargetKeyId = key.KeyId, CreationDate = state.Now, LastUpdatedDate = state.Now };
            ids.Add(key.KeyId);
            arns.Add(key.Arn);
        }
        return (ids, arns);
    }

    /// <summary>
    /// The key ARN a seeded encrypted device records: a given key id, ARN or alias resolved in the owner's
    /// account and region (unknown references are kept as given), else the AWS-managed EBS key, created now.
    /// </summary>
    public static string? KeyArnFor(EmulatorState state, string owner, string region, string? keyRef, bool encrypted)
    {
        if (!encrypted && keyRef is null) return null;
        if (keyRef is null) return state.Kms.EnsureAwsManagedKey(owner, region, "alias/aws/ebs", state.Now).Arn;
        if (keyRef.StartsWith("alias/", StringComparison.Ordinal))
        {
            if (KmsStore.PredefinedAliases.ContainsKey(keyRef)) return state.Kms.EnsureAwsManagedKey(owner, region, keyRef, state.Now).Arn;
            var alias = state.Kms.Scope(owner, region).Aliases.GetValueOrDefault(keyRef)
                ?? throw new ArgumentException($"kmsKeyId {keyRef}: no such alias in {owner}/{region}");
            return $"arn:aws:kms:{region}:{owner}:key/{alias.TargetKeyId}";
        }
        if (KmsAccess.IsKeyId(keyRef)) return $"arn:aws:kms:{region}:{owner}:key/{keyRef}";
        return keyRef;
    }
}
