namespace AmiCmdlets.Engine.Connection;

/// <summary>An access key pair. ToString never shows the secret.</summary>
public sealed class AccessKeyCredential
{
    public AccessKeyCredential(string accessKeyId, string secretAccessKey)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
    }

    public string AccessKeyId { get; }
    internal string SecretAccessKey { get; }

    public override string ToString() => AccessKeyId;
}
