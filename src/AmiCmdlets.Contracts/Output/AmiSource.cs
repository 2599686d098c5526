namespace AmiCmdlets;

/// <summary>Where an image comes from, as the EC2 console's AMI catalog groups images.</summary>
public enum AmiSource
{
    /// <summary>Published by Amazon (owner alias amazon) or by a verified OS publisher's documented account (Canonical, Debian, Red Hat ...).</summary>
    QuickStart,
    /// <summary>Sold through AWS Marketplace (owner alias aws-marketplace, or a marketplace product code): may carry software fees.</summary>
    Marketplace,
    /// <summary>Public and shared by anyone else: "use with caution".</summary>
    Community,
    /// <summary>Yours: owned by the account that read it.</summary>
    Custom,
    /// <summary>Private to another account that gave yours launch permission.</summary>
    SharedWithYou,
    /// <summary>Restored by AWS Backup (owner alias aws-backup-vault).</summary>
    Backup,
}
