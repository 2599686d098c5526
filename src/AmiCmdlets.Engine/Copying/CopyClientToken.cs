using System;
using System.Security.Cryptography;
using System.Text;

namespace AmiCmdlets.Engine.Copying
{
    /// <summary>
    /// CopyImage's idempotency token, derived from what makes a copy "the same copy": a retry or a re-run of
    /// an interrupted run sends the same token, and EC2 answers with the image it already started.
    /// </summary>
    public static class CopyClientToken
    {
        public static string For(string sourceAccount, string sourceRegion, string sourceImageId, string destinationRegion, string name)
        {
            var text = string.Join("|", "amicmdlets-copy-v1", sourceAccount, sourceRegion, sourceImageId, destinationRegion, name);
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            // 64 characters is EC2's limit for a client token.
            return "ami-copy-" + BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant().Substring(0, 55);
        }
    }
}
