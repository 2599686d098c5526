using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// The encryption a copy was asked for, and whether a copy an earlier run left in the destination has it.
/// An existing copy is returned instead of copying only when it does: otherwise a runbook that asked for a
/// key would go on with (and share) an image it believes encrypted.
/// </summary>
internal sealed class CopyEncryption
{
    private CopyEncryption(bool? encrypted, string? keyId, string? keyArn)
    {
        Encrypted = encrypted;
        KeyId = keyId;
        KeyArn = keyArn;
    }

    /// <summary>True: encrypted (with <see cref="KeyArn"/> when known). False: unencrypted. Null: nothing asked, as the source.</summary>
    public bool? Encrypted { get; }

    /// <summary>The key as the user named it (alias, id, ARN); null for the default EBS key.</summary>
    public string? KeyId { get; }

    /// <summary>The key ARN a copy must be encrypted with, resolved in the destination; null when any key (or none) will do.</summary>
    public string? KeyArn { get; }

    /// <summary>Whether comparing needs the existing copy's snapshot keys (and, without a named key, the default EBS key).</summary>
    public bool NeedsKeys => Encrypted == true;

    public static CopyEncryption AsTheSource() => new CopyEncryption(null, null, null);

    public static CopyEncryption Unencrypted() => new CopyEncryption(false, null, null);

    public static CopyEncryption WithKey(string keyId, string keyArn) => new CopyEncryption(true, keyId, keyArn);

    public static CopyEncryption WithDefaultKey(string? defaultKeyArn) => new CopyEncryption(true, null, defaultKeyArn);

    /// <summary>
    /// Null when a copy that is <paramref name="encrypted"/> with <paramref name="keyArns"/> (its snapshots' keys)
    /// is the copy asked for; otherwise what it is, in words, for the error.
    /// </summary>
    public string? Mismatch(bool encrypted, IReadOnlyCollection<string> keyArns)
    {
        switch (Encrypted)
        {
            case null:
                return null;
            case false:
                return encrypted ? Describe(true, keyArns) : null;
            default:
                if (!encrypted) return "unencrypted";
                // Every snapshot with exactly the asked key: a copy half in another key is not the copy asked for.
                var matches = keyArns.Count > 0 && KeyArn != null && keyArns.All(k => string.Equals(k, KeyArn, StringComparison.Ordinal));
                return matches ? null : Describe(true, keyArns);
        }
    }

    /// <summary>"encryption with alias/golden (arn:...)": what was asked, for the error.</summary>
    public string DescribeAsked(string region)
    {
        if (Encrypted == false) return "no encryption (-Encrypted:$false)";
        if (KeyId != null) return "encryption with " + KeyId + (KeyArn != null && KeyArn != KeyId ? " (" + KeyArn + ")" : "");
        return "encryption with the default EBS key of " + region + (KeyArn != null ? " (" + KeyArn + ")" : "");
    }

    private static string Describe(bool encrypted, IReadOnlyCollection<string> keyArns) =>
        !encrypted ? "unencrypted"
        : keyArns.Count == 0 ? "encrypted with a key its snapshots do not name"
        : "encrypted with " + string.Join(", ", keyArns);
}
