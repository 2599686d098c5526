namespace LocalAws.Model;

/// <summary>The commercial regions LocalAws serves; all are enabled by default on AWS (no opt-in needed).</summary>
internal static class Regions
{
    public static readonly IReadOnlyList<string> All = new[]
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
        "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    };

    /// <summary>
    /// Opt-in regions (AWS: disabled until the account enables them). No LocalAws account has enabled them:
    /// every call signed for one is refused as AWS refuses it, and DescribeRegions lists them only with
    /// AllRegions or by name, as not-opted-in.
    /// </summary>
    public static readonly IReadOnlyList<string> OptIn = new[] { "af-south-1", "ap-east-1", "me-south-1" };

    public const string NotOptedIn = "not-opted-in";

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);
    private static readonly HashSet<string> OptInSet = new(OptIn, StringComparer.Ordinal);

    /// <summary>An enabled region: calls signed for it are served.</summary>
    public static bool IsKnown(string region) => Known.Contains(region);

    public static bool IsOptIn(string region) => OptInSet.Contains(region);

    public static string Ec2Endpoint(string region) => $"ec2.{region}.amazonaws.com";
}
