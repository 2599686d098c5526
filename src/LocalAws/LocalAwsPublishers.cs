namespace LocalAws;

/// <summary>
/// The owners of LocalAws's base images besides Amazon (<see cref="LocalAwsAccounts.AmazonOwnerId"/>), with the
/// account ids the publishers use on AWS, so tests and docs can name them.
/// </summary>
public static class LocalAwsPublishers
{
    /// <summary>Canonical publishes Ubuntu from its own account (no owner alias).</summary>
    public const string Canonical = "099720109477";
    /// <summary>The Debian cloud team's account (Debian 10 and later).</summary>
    public const string Debian = "136693071363";
    /// <summary>Red Hat's account for RHEL (pay-as-you-go "Hourly2" images).</summary>
    public const string RedHat = "309956199498";
    /// <summary>AWS Marketplace (owner alias aws-marketplace).</summary>
    public const string Marketplace = "679593333241";
    /// <summary>An ordinary account that shares a public look-alike of Ubuntu under Canonical's image name: a community image.</summary>
    public const string CommunityLookAlike = "210987654321";

    /// <summary>The Marketplace product code of the seeded hardened-Ubuntu listing.</summary>
    public const string HardenedUbuntuProductCode = "prodlocalaws0hardened2404";
}
