using System.Security.Cryptography;
using System.Text;
using LocalAws.Kms;

namespace LocalAws.Model;

/// <summary>A KMS key as KMS stores it: metadata, its one key policy ("default"), tags and grants.</summary>
internal sealed class KmsKey
{
    public required string KeyId { get; init; }
    public required string Account { get; init; }
    public required string Region { get; init; }
    public string Arn => $"arn:aws:kms:{Region}:{Account}:key/{KeyId}";
    public string Description { get; set; } = "";
    public string KeySpec { get; init; } = "SYMMETRIC_DEFAULT";
    public string KeyUsage { get; init; } = "ENCRYPT_DECRYPT";
    /// <summary>"CUSTOMER" or "AWS" (AWS-managed keys such as the one behind alias/aws/ebs).</summary>
    public string KeyManager { get; init; } = "CUSTOMER";
    public DateTimeOffset CreationDate { get; init; }
    /// <summary>Enabled, Disabled or PendingDeletion.</summary>
    public string State { get; set; } = KmsKeyStates.Enabled;
    public DateTimeOffset? DeletionDate { get; set; }
    public int? PendingWindowInDays { get; set; }
    public required KeyPolicy Policy { get; set; }
    public List<KeyValuePair<string, string>> Tags { get; } = new();
    public List<KmsGrant> Grants { get; } = new();

    public bool Enabled => State == KmsKeyStates.Enabled;
}

internal static class KmsKeyStates
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PendingDeletion = "PendingDeletion";
}

internal sealed class KmsGrant
{
    public required string GrantId { get; init; }
    public required string KeyArn { get; init; }
    public string? Name { get; init; }
    public required string GranteePrincipal { get; init; }
    public string? RetiringPrincipal { get; init; }
    /// <summary>"arn:aws:iam::&lt;account&gt;:root" of the account that called CreateGrant.</summary>
    public required string IssuingAccount { get; init; }
    public required IReadOnlyList<string> Operations { get; init; }
    /// <summary>The Constraints object as canonical JSON (null when absent), for idempotency comparison and echoing back.</summary>
    public string? ConstraintsJson { get; init; }
    public DateTimeOffset CreationDate { get; init; }
}

internal sealed class KmsAlias
{
    public required string AliasName { get; init; }
    public required string TargetKeyId { get; set; }
    public DateTimeOffset CreationDate { get; init; }
    public DateTimeOffset LastUpdatedDate { get; set; }
}

/// <summary>The keys and aliases of one account in one region (KMS is regional and per account).</summary>
internal sealed class KmsAccountRegion
{
    /// <summary>Keys in creation order (ListKeys order).</summary>
    public List<KmsKey> Keys { get; } = new();
    public Dictionary<string, KmsKey> ById { get; } = new(StringComparer.Ordinal);
    /// <summary>Customer aliases by name ("alias/x"); ordinal order is ListAliases order.</summary>
    public SortedDictionary<string, KmsAlias> Aliases { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Every KMS key in every account and region, plus grant tokens (which name a grant wherever its key is).
/// Key and grant ids come from a seeded generator, so a test sees the same ids after every reset.
/// </summary>
internal sealed class KmsStore
{
    /// <summary>Predefined AWS aliases every account and region has, with the description of the AWS-managed key behind each.</summary>
    public static readonly IReadOnlyDictionary<string, string> PredefinedAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alias/aws/ebs"] = "Default key that protects my EBS volumes when no other key is defined",
    };

    private const int Seed = 20261127;
    private readonly Dictionary<(string Account, string Region), KmsAccountRegion> _scopes = new();
    private readonly Dictionary<string, (string KeyArn, string GrantId)> _grantTokens = new(StringComparer.Ordinal);
    private Random _random = new(Seed);

    public void Clear()
    {
        _scopes.Clear();
        _grantTokens.Clear();
        _random = new Random(Seed);
    }

    public KmsAccountRegion Scope(string account, string region)
    {
        if (!_scopes.TryGetValue((account, region), out var scope)) _scopes[(account, region)] = scope = new KmsAccountRegion();
        return scope;
    }

    /// <summary>
    /// A key by id in one account and region. The AWS-managed keys have stable ids derived from account and
    /// region and come into existence the first time anything names them, as AWS creates them on first use.
    /// </summary>
    public KmsKey? Find(string account, string region, string keyId, DateTimeOffset now)
    {
        var scope = Scope(account, region);
        if (scope.ById.TryGetValue(keyId, out var key)) return Expire(scope, key, now) ? null : key;
        foreach (var alias in PredefinedAliases.Keys)
        {
            if (AwsManagedKeyId(alias, account, region) == keyId) return EnsureAwsManagedKey(account, region, alias, now);
        }
        return null;
    }

    public KmsKey Add(string account, string region, KeyPolicy policy, DateTimeOffset now, string keySpec = "SYMMETRIC_DEFAULT",
        string keyUsage = "ENCRYPT_DECRYPT", string description = "", string? keyId = null)
    {
        var key = new KmsKey
        {
            KeyId = keyId ?? NewGuid(), Account = account, Region = region, Policy = policy, KeySpec = keySpec, KeyUsage = keyUsage,
            Description = description, CreationDate = TruncateToMillis(now),
        };
        var scope = Scope(account, region);
        if (scope.ById.ContainsKey(key.KeyId)) throw new ArgumentException($"key {key.KeyId} already exists in {account}/{region}");
        scope.Keys.Add(key);
        scope.ById[key.KeyId] = key;
        return key;
    }

    public KmsKey EnsureAwsManagedKey(string account, string region, string aliasName, DateTimeOffset now)
    {
        var id = AwsManagedKeyId(aliasName, account, region);
        var scope = Scope(account, region);
        if (scope.ById.TryGetValue(id, out var existing)) return existing;
        var service = aliasName["alias/aws/".Length..];
        var key = new KmsKey
        {
            KeyId = id, Account = account, Region = region, KeyManager = "AWS", Description = PredefinedAliases[aliasName],
            Policy = KeyPolicy.AwsManaged(account, region, service), CreationDate = TruncateToMillis(now),
        };
        scope.Keys.Add(key);
        scope.ById[id] = key;
        return key;
    }

    /// <summary>Stable id of the AWS-managed key behind a predefined alias (e.g. "alias/aws/ebs") in one account and region.</summary>
    public static string AwsManagedKeyId(string aliasName, string account, string region)
    {
        var service = aliasName.StartsWith("alias/aws/", StringComparison.Ordinal) ? aliasName["alias/aws/".Length..] : aliasName;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"aws/{service}/{account}/{region}"));
        return Uuid4(hash.AsSpan(0, 16));
    }

    public static string AwsManagedEbsKeyArn(string account, string region) =>
        $"arn:aws:kms:{region}:{account}:key/{AwsManagedKeyId("alias/aws/ebs", account, region)}";

    public string NewGrantId()
    {
        Span<byte> bytes = stackalloc byte[32];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>A new opaque token for the grant; every CreateGrant call gets its own, all usable interchangeably.</summary>
    public string NewGrantToken(KmsGrant grant)
    {
        var noise = new byte[96];
        _random.NextBytes(noise);
        var token = Convert.ToBase64String([.. Encoding.UTF8.GetBytes("LocalAwsGrant:"), .. noise]).TrimEnd('=');
        _grantTokens[token] = (grant.KeyArn, grant.GrantId);
        return token;
    }

    public (string KeyArn, string GrantId)? FindGrantToken(string token) =>
        _grantTokens.TryGetValue(token, out var target) ? target : null;

    /// <summary>The keys of one account and region that still exist, in creation order.</summary>
    public List<KmsKey> LiveKeys(string account, string region, DateTimeOffset now)
    {
        var scope = Scope(account, region);
        foreach (var key in scope.Keys.ToList()) Expire(scope, key, now);
        return scope.Keys.ToList();
    }

    private string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return Uuid4(bytes);
    }

    // Version 4, variant 1 bits, as KMS key ids have them.
    private static string Uuid4(ReadOnlySpan<byte> random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.CopyTo(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    // A key whose waiting period is over is gone, as KMS deletes it then.
    private static bool Expire(KmsAccountRegion scope, KmsKey key, DateTimeOffset now)
    {
        if (key.State != KmsKeyStates.PendingDeletion || key.DeletionDate is not { } at || at > now) return false;
        scope.Keys.Remove(key);
        scope.ById.Remove(key.KeyId);
        foreach (var (name, alias) in scope.Aliases.ToList())
        {
            if (alias.TargetKeyId == key.KeyId) scope.Aliases.Remove(name);
        }
        return true;
    }

    private static DateTimeOffset TruncateToMillis(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
