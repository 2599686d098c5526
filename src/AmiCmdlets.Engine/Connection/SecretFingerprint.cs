using System;

namespace AmiCmdlets.Engine.Connection;

/// <summary>A short one-way fingerprint so two key pairs with the same id but different secrets never share a cached client.</summary>
internal static class SecretFingerprint
{
    public static string Of(string secret)
    {
        var hash = Sha256Digest.OfUtf8(secret);
        return BitConverter.ToString(hash, 0, 8).Replace("-", "");
    }
}
