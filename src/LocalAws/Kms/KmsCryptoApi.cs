using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>
/// Encrypt, Decrypt and GenerateDataKey with KMS's key-state and authorization rules. The ciphertext is
/// not real cryptography: it carries the key ARN, the encryption context and the plaintext, so Decrypt
/// finds its key the way KMS does (from the blob) and tests can round-trip data.
/// </summary>
internal static class KmsCryptoApi
{
    private const string Magic = "LocalAwsCiphertext\n";

    public static AwsResponse Encrypt(AwsCall call, KmsRequest r)
    {
        var key = UsableKey(call, r, "Encrypt");
        var plaintext = r.Blob("Plaintext") ?? throw KmsRequest.Validation("Value null at 'plaintext' failed to satisfy constraint: Member must not be null");
        if (plaintext.Length is 0 or > 4096)
            throw KmsRequest.Validation("Value at 'plaintext' failed to satisfy constraint: Member must have length between 1 and 4096");
        using var response = new KmsResponse();
        return response.Blob("CiphertextBlob", Seal(key, Context(r), plaintext)).Str("KeyId", key.Arn)
            .Str("EncryptionAlgorithm", r.String("EncryptionAlgorithm") ?? "SYMMETRIC_DEFAULT").Build();
    }

    public static AwsResponse Decrypt(AwsCall call, KmsRequest r)
    {
        var blob = r.Blob("CiphertextBlob") ?? throw KmsRequest.Validation("Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
        var (keyArn, context, plaintext) = Open(blob);
        if (context != Context(r)) throw new AwsException("InvalidCiphertextException", "");
        var parts = keyArn.Split(':');
        if (parts[3] != call.Region) throw new AwsException("InvalidCiphertextException", "");
        var key = call.State.Kms.Find(parts[4], parts[3], parts[5]["key/".Length..], call.State.Now)
            ?? throw new AwsException("InvalidCiphertextException", "");
        if (r.String("KeyId", 1, 2048) is { } keyRef)
        {
            var named = KmsAccess.Resolve(call.State, call.Principal, call.Region, keyRef, "Decrypt", allowAlias: true, crossAccount: true);
            if (named.Arn != key.Arn)
                throw new AwsException("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
        }
        KmsAccess.Authorize(call, key, "Decrypt");
        RequireEnabled(key);
        using var response = new KmsResponse();
        return response.Str("KeyId", key.Arn).Blob("Plaintext", plaintext).Str("EncryptionAlgorithm", "SYMMETRIC_DEFAULT").Build();
    }

    public static AwsResponse GenerateDataKey(AwsCall call, KmsRequest r, bool withPlaintext)
    {
        var action = withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext";
        var spec = r.String("KeySpec");
        var bytes = r.Int("NumberOfBytes", 1, 1024);
        if ((spec is null) == (bytes is null)) throw new AwsException("ValidationException", "Please specify either number of bytes or key spec.");
        var length = bytes ?? spec switch
        {
            "AES_256" => 32,
            "AES_128" => 16,
            _ => throw KmsRequest.Validation($"Value '{spec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
        };
        var key = UsableKey(call, r, action);
        if (key.KeySpec != "SYMMETRIC_DEFAULT")
            throw new AwsException("InvalidKeyUsageException", $"{key.Arn} key usage is {key.KeyUsage} which is not valid for {action}.");
        var plaintext = RandomNumberGenerator.GetBytes(length);
        using var response = new KmsResponse();
        response.Blob("CiphertextBlob", Seal(key, Context(r), plaintext));
        if (withPlaintext) response.Blob("Plaintext", plaintext);
        return response.Str("KeyId", key.Arn).Build();
    }

    private static KmsKey UsableKey(AwsCall call, KmsRequest r, string action)
    {
        var key = KmsAccess.Resolve(call.State, call.Principal, call.Region, r.Required("KeyId", 1, 2048), action, allowAlias: true, crossAccount: true);
        KmsAccess.Authorize(call, key, action);
        RequireEnabled(key);
        if (key.KeyUsage != "ENCRYPT_DECRYPT")
            throw new AwsException("InvalidKeyUsageException", $"{key.Arn} key usage is {key.KeyUsage} which is not valid for {action}.");
        return key;
    }

    private static void RequireEnabled(KmsKey key)
    {
        if (key.State == KmsKeyStates.Disabled) throw new AwsException("DisabledException", $"{key.Arn} is disabled.");
        if (key.State == KmsKeyStates.PendingDeletion) throw KmsKeysApi.PendingDeletion(key);
    }

    private static string Context(KmsRequest r) => r.CanonicalObject("EncryptionContext") ?? "{}";

    private static byte[] Seal(KmsKey key, string context, byte[] plaintext) =>
        [.. Encoding.UTF8.GetBytes(Magic + key.Arn + "\n" + context + "\n"), .. plaintext];

    private static (string KeyArn, string Context, byte[] Plaintext) Open(byte[] blob)
    {
        var magic = Encoding.UTF8.GetBytes(Magic);
        if (blob.Length < magic.Length || !blob.AsSpan(0, magic.Length).SequenceEqual(magic)) throw new AwsException("InvalidCiphertextException", "");
        var rest = blob.AsSpan(magic.Length);
        var first = rest.IndexOf((byte)'\n');
        if (first < 0) throw new AwsException("InvalidCiphertextException", "");
        var second = rest[(first + 1)..].IndexOf((byte)'\n');
        if (second < 0) throw new AwsException("InvalidCiphertextException", "");
        var arn = Encoding.UTF8.GetString(rest[..first]);
        var context = Encoding.UTF8.GetString(rest.Slice(first + 1, second));
        if (arn.Split(':').Length != 6) throw new AwsException("InvalidCiphertextException", "");
        return (arn, context, rest[(first + 1 + second + 1)..].ToArray());
    }
}
