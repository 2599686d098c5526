using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// The account's default KMS key for EBS encryption in a region: what CopyImage uses for Encrypted=true without
/// a KmsKeyId. LocalAws has no ModifyEbsDefaultKmsKeyId, so the default is always the AWS-managed key; it answers
/// with the alias (a guess: real accounts that never changed the default show "alias/aws/ebs", although the API
/// reference calls the value an ARN). Callers resolve it with KMS DescribeKey either way.
/// </summary>
internal static class EbsEncryptionDefaultsApi
{
    public static AwsResponse GetEbsDefaultKmsKeyId(AwsCall call)
    {
        if (call.Params.Bool("DryRun"))
            throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
        return Ec2Api.End(Ec2Api.Begin(call).Elem("kmsKeyId", "alias/aws/ebs"));
    }
}
