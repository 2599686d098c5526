using System;
using System.Security.Cryptography;
using System.Text;

namespace AmiCmdlets.Engine.Connection
{
    /// <summary>A short one-way fingerprint so two key pairs with the same id but different secrets never share a cached client.</summary>
    internal static class SecretFingerprint
    {
        public static string Of(string secret)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(secret));
            return BitConverter.ToString(hash, 0, 8).Replace("-", "");
        }
    }
}
