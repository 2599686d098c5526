namespace AmiCmdlets;

/// <summary>
/// One principal that may launch an AMI, and whether it has what it needs to copy the image too: the
/// backing snapshots shared with it and, for an image encrypted with a customer-managed key, the KMS
/// grants Grant-AmiLaunchPermission makes.
/// </summary>
public sealed class AmiLaunchPermission : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public LaunchPermissionKind Kind { get; internal set; }

    /// <summary>A 12-digit account id, an organization or OU ARN, or "all" for Public.</summary>
    public string Principal { get; internal set; } = "";

    /// <summary>
    /// Accounts only: true when every EBS snapshot of the image grants the account createVolumePermission
    /// (it can copy the image). Null for the other kinds, which snapshot permissions cannot name, and for
    /// images without EBS snapshots.
    /// </summary>
    public bool? SnapshotPermission { get; internal set; }

    /// <summary>
    /// Accounts of an encrypted image only: true when every KMS key of the image holds the grant that
    /// Grant-AmiLaunchPermission makes for this image and account. Always false for the AWS-managed
    /// key (alias/aws/ebs), which cannot be shared. Null for unencrypted images and the other kinds.
    /// </summary>
    public bool? KmsGrant { get; internal set; }

    public override string ToString() => ImageId + " " + Kind + " " + Principal;
}
