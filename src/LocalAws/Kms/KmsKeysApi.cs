using System.Text.Json;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>Key lifecycle, key policies and tags.</summary>
internal static class KmsKeysApi
{
    private static readonly string[] KeySpecs =
    {
        "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
        "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2",
    };

    private static readonly string[] KeyUsages = { "SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT" };

    public static AwsResponse CreateKey(AwsCall call, KmsRequest r)
    {
        var policyText = r.String("Policy", 1, 131072);
        var description = r.String("Description", 0, 8192) ?? "";
        var keySpec = r.String("KeySpec") ?? r.String("CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
        if (!KeySpecs.Contains(keySpec))
            throw KmsRequest.Validation($"Value '{keySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", KeySpecs)}]");
        var keyUsage = r.String("KeyUsage") ?? "ENCRYPT_DECRYPT";
        if (!KeyUsages.Contains(keyUsage))
            throw KmsRequest.Validation($"Value '{keyUsage}' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", KeyUsages)}]");
        if (keySpec == "SM2") throw new AwsException("UnsupportedOperationException", "SM2 keys are available only in China Regions.");
        if (!UsageFits(keySpec, keyUsage))
            throw new AwsException("ValidationException", $"KeyUsage {keyUsage} is not compatible with KeySpec {keySpec}.");
        var origin = r.String("Origin") ?? "AWS_KMS";
        if (origin != "AWS_KMS") throw new AwsException("UnsupportedOperationException", $"LocalAws does not emulate keys with Origin {origin}.");
        if (r.String("CustomKeyStoreId") is { } store) throw new AwsException("CustomKeyStoreNotFoundException", $"Custom key store {store} does not exist.");
        if (r.Bool("MultiRegion") == true) throw new AwsException("UnsupportedOperationException", "LocalAws does not emulate multi-Region keys.");
        var tags = r.Tags("Tags") ?? new();

        var policy = policyText is null ? KeyPolicy.Default(call.Account) : KeyPolicy.Parse(policyText);
        if (policyText is not null && r.Bool("BypassPolicyLockoutSafetyCheck") != true) CheckLockout(call, policy);

        var key = call.State.Kms.Add(call.Account, call.Region, policy, call.State.Now, keySpec, keyUsage, description);
        key.Tags.AddRange(tags);
        using var response = new KmsResponse();
        WriteMetadata(response, key);
        return response.Build();
    }

    public static AwsResponse DescribeKey(AwsCall call, KmsRequest r)
    {
        var key = KmsAccess.Resolve(call.State, call.Principal, call.Region, r.Required("KeyId", 1, 2048), "DescribeKey", allowAlias: true, crossAccount: true);
        KmsAccess.Authorize(call, key, "DescribeKey");
        using var response = new KmsResponse();
        WriteMetadata(response, key);
        return response.Build();
    }

    public static AwsResponse ListKeys(AwsCall call, KmsRequest r)
    {
        var limit = r.Int("Limit", 1, 1000) ?? 100;
        var keys = call.State.Kms.LiveKeys(call.Account, call.Region, call.State.Now);
        var (page, next) = KmsMarker.Page(keys, "keys", r.String("Marker"), limit);
        using var response = new KmsResponse();
        var w = response.Writer;
        w.WriteStartArray("Keys");
        foreach (var key in page)
        {
            w.WriteStartObject();
            w.WriteString("KeyId", key.KeyId);
            w.WriteString("KeyArn", key.Arn);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return response.Paging(next).Build();
    }

    public static AwsResponse SetEnabled(AwsCall call, KmsRequest r, bool enabled)
    {
        var action = enabled ? "EnableKey" : "DisableKey";
        var key = OwnKey(call, r, action);
        if (key.State == KmsKeyStates.PendingDeletion) throw PendingDeletion(key);
        key.State = enabled ? KmsKeyStates.Enabled : KmsKeyStates.Disabled;
        return KmsResponse.Empty();
    }

    public static AwsResponse ScheduleKeyDeletion(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "ScheduleKeyDeletion");
        var days = r.Int("PendingWindowInDays", 7, 30) ?? 30;
        if (key.State == KmsKeyStates.PendingDeletion) throw PendingDeletion(key);
        key.State = KmsKeyStates.PendingDeletion;
        key.PendingWindowInDays = days;
        key.DeletionDate = call.State.Now.AddDays(days);
        using var response = new KmsResponse();
        return response.Str("KeyId", key.Arn).Time("DeletionDate", key.DeletionDate).Str("KeyState", key.State)
            .Int("PendingWindowInDays", days).Build();
    }

    public static AwsResponse CancelKeyDeletion(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "CancelKeyDeletion");
        if (key.State != KmsKeyStates.PendingDeletion) throw new AwsException("KMSInvalidStateException", $"{key.Arn} is not pending deletion.");
        // A key whose deletion is cancelled comes back disabled, as on AWS.
        key.State = KmsKeyStates.Disabled;
        key.DeletionDate = null;
        key.PendingWindowInDays = null;
        using var response = new KmsResponse();
        return response.Str("KeyId", key.Arn).Build();
    }

    public static AwsResponse UpdateKeyDescription(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "UpdateKeyDescription");
        var description = r.String("Description", 0, 8192)
            ?? throw KmsRequest.Validation("Value null at 'description' failed to satisfy constraint: Member must not be null");
        if (key.State == KmsKeyStates.PendingDeletion) throw PendingDeletion(key);
        key.Description = description;
        return KmsResponse.Empty();
    }

    public static AwsResponse GetKeyPolicy(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "GetKeyPolicy");
        var name = PolicyName(r);
        using var response = new KmsResponse();
        return response.Str("Policy", key.Policy.Document).Str("PolicyName", name).Build();
    }

    public static AwsResponse PutKeyPolicy(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "PutKeyPolicy");
        PolicyName(r);
        var policy = KeyPolicy.Parse(r.Required("Policy", 1, 131072));
        if (r.Bool("BypassPolicyLockoutSafetyCheck") != true) CheckLockout(call, policy);
        key.Policy = policy;
        return KmsResponse.Empty();
    }

    public static AwsResponse ListKeyPolicies(AwsCall call, KmsRequest r)
    {
        OwnKey(call, r, "ListKeyPolicies");
        using var response = new KmsResponse();
        return response.Strings("PolicyNames", ["default"]).Bool("Truncated", false).Build();
    }

    public static AwsResponse TagResource(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "TagResource");
        var tags = r.Tags("Tags") ?? throw KmsRequest.Validation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
        if (key.State == KmsKeyStates.PendingDeletion) throw PendingDeletion(key);
        foreach (var tag in tags)
        {
            var i = key.Tags.FindIndex(t => t.Key == tag.Key);
            if (i >= 0) key.Tags[i] = tag;
            else key.Tags.Add(tag);
        }
        if (key.Tags.Count > 50) throw new AwsException("LimitExceededException", "A KMS key can have at most 50 tags.");
        return KmsResponse.Empty();
    }

    public static AwsResponse UntagResource(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "UntagResource");
        var keys = r.StringList("TagKeys") ?? throw KmsRequest.Validation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        if (key.State == KmsKeyStates.PendingDeletion) throw PendingDeletion(key);
        key.Tags.RemoveAll(t => keys.Contains(t.Key));
        return KmsResponse.Empty();
    }

    public static AwsResponse ListResourceTags(AwsCall call, KmsRequest r)
    {
        var key = OwnKey(call, r, "ListResourceTags");
        var limit = r.Int("Limit", 1, 50) ?? 50;
        var (page, next) = KmsMarker.Page(key.Tags, "tags", r.String("Marker"), limit);
        using var response = new KmsResponse();
        var w = response.Writer;
        w.WriteStartArray("Tags");
        foreach (var (k, v) in page)
        {
            w.WriteStartObject();
            w.WriteString("TagKey", k);
            w.WriteString("TagValue", v);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return response.Paging(next).Build();
    }

    /// <summary>KeyMetadata as DescribeKey and CreateKey return it.</summary>
    public static void WriteMetadata(KmsResponse response, KmsKey key)
    {
        var w = response.Writer;
        w.WriteStartObject("KeyMetadata");
        w.WriteString("AWSAccountId", key.Account);
        w.WriteString("KeyId", key.KeyId);
        w.WriteString("Arn", key.Arn);
        w.WriteNumber("CreationDate", KmsResponse.EpochSeconds(key.CreationDate));
        w.WriteBoolean("Enabled", key.Enabled);
        w.WriteString("Description", key.Description);
        w.WriteString("KeyUsage", key.KeyUsage);
        w.WriteString("KeyState", key.State);
        if (key.DeletionDate is { } deletion) w.WriteNumber("DeletionDate", KmsResponse.EpochSeconds(deletion));
        if (key.PendingWindowInDays is { } days) w.WriteNumber("PendingDeletionWindowInDays", days);
        w.WriteString("Origin", "AWS_KMS");
        w.WriteString("KeyManager", key.KeyManager);
        w.WriteString("CustomerMasterKeySpec", key.KeySpec);
        w.WriteString("KeySpec", key.KeySpec);
        var (kind, algorithms) = Algorithms(key.KeySpec, key.KeyUsage);
        w.WriteStartArray(kind);
        foreach (var a in algorithms) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteBoolean("MultiRegion", false);
        w.WriteEndObject();
    }

    /// <summary>A key only its own account may manage (cross-account use: No), authorized for the action.</summary>
    private static KmsKey OwnKey(AwsCall call, KmsRequest r, string action)
    {
        var key = KmsAccess.Resolve(call.State, call.Principal, call.Region, r.Required("KeyId", 1, 2048), action, allowAlias: false, crossAccount: false);
        KmsAccess.Authorize(call, key, action);
        return key;
    }

    private static string PolicyName(KmsRequest r)
    {
        var name = r.String("PolicyName", 1, 128) ?? "default";
        if (name != "default") throw new AwsException("NotFoundException", $"Policy {name} not found.");
        return name;
    }

    // KMS refuses a policy that would lock the caller out of changing it again, unless told to bypass the check.
    private static void CheckLockout(AwsCall call, KeyPolicy policy)
    {
        if (policy.Evaluate(call.Principal, "kms:PutKeyPolicy", null) != PolicyDecision.Allow)
            throw new AwsException("MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.");
    }

    public static AwsException PendingDeletion(KmsKey key) => new("KMSInvalidStateException", $"{key.Arn} is pending deletion.");

    private static bool UsageFits(string spec, string usage) => spec switch
    {
        "SYMMETRIC_DEFAULT" => usage == "ENCRYPT_DECRYPT",
        _ when spec.StartsWith("RSA_", StringComparison.Ordinal) => usage is "ENCRYPT_DECRYPT" or "SIGN_VERIFY",
        _ when spec.StartsWith("ECC_NIST_", StringComparison.Ordinal) => usage is "SIGN_VERIFY" or "KEY_AGREEMENT",
        "ECC_SECG_P256K1" => usage == "SIGN_VERIFY",
        _ => usage == "GENERATE_VERIFY_MAC",
    };

    private static (string Kind, string[] Names) Algorithms(string spec, string usage) => (spec, usage) switch
    {
        ("SYMMETRIC_DEFAULT", _) => ("EncryptionAlgorithms", ["SYMMETRIC_DEFAULT"]),
        (_, "ENCRYPT_DECRYPT") => ("EncryptionAlgorithms", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
        (_, "GENERATE_VERIFY_MAC") => ("MacAlgorithms", ["HMAC_SHA_" + spec["HMAC_".Length..]]),
        (_, "KEY_AGREEMENT") => ("KeyAgreementAlgorithms", ["ECDH"]),
        ("ECC_NIST_P384", _) => ("SigningAlgorithms", ["ECDSA_SHA_384"]),
        ("ECC_NIST_P521", _) => ("SigningAlgorithms", ["ECDSA_SHA_512"]),
        _ when spec.StartsWith("ECC_", StringComparison.Ordinal) => ("SigningAlgorithms", ["ECDSA_SHA_256"]),
        _ => ("SigningAlgorithms", ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
            "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"]),
    };
}
