namespace AmiCmdlets.Engine.Sharing;

/// <summary>What sharing needs to know about one KMS key of an image.</summary>
internal sealed class SharedKey(string arn, bool awsManaged)
{
    public string Arn { get; } = arn;

    /// <summary>alias/aws/ebs and its kind: their key policy cannot be changed and they take no grants for other accounts.</summary>
    public bool AwsManaged { get; } = awsManaged;
}
