using System;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// CopyImage's idempotency token, derived from what makes a copy "the same copy": a retry or a re-run of
/// an interrupted run sends the same token, and EC2 answers with the image it already started.
/// </summary>
public static class CopyClientToken
{
    public static string For(CopyJob job, int? completionDurationMinutes = null) =>
        For(job.SourceAmi.OwnerId, job.Source.Connection.Region, job.Source.ImageId, job.Destination.Region, job.Name,
            job.KmsKeyArn, job.Encrypted, job.ReplacesFailedCopy, completionDurationMinutes);

    /// <summary>
    /// Everything that makes two requests the same copy: the key and encryption too (a re-run with another key
    /// is a new copy, not a mismatch), and the failed copy being replaced (else EC2 would answer with it again).
    /// </summary>
    public static string For(string sourceAccount, string sourceRegion, string sourceImageId, string destinationRegion, string name,
        string? kmsKeyArn, bool encrypted, string? replacesFailedCopy, int? completionDurationMinutes = null)
    {
        var text = string.Join("|", "amicmdlets-copy-v2", sourceAccount, sourceRegion, sourceImageId, destinationRegion, name,
            kmsKeyArn ?? "", encrypted ? "encrypted" : "", replacesFailedCopy ?? "");
        // Only a time-based copy adds its duration: every other copy keeps the token earlier versions sent (EC2 would
        // refuse the same token with another duration as IdempotentParameterMismatch).
        if (completionDurationMinutes != null) text += "|duration=" + completionDurationMinutes.Value;
        var hash = Sha256Digest.OfUtf8(text);
        // 64 characters is EC2's limit for a client token.
        return "ami-copy-" + BitConverter.ToString(hash).Replace("-", "").ToLowerInvariant().Substring(0, 55);
    }
}
