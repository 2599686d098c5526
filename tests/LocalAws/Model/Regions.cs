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

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string region) => Known.Contains(region);

    public static string Ec2Endpoint(string region) => $"ec2.{region}.amazonaws.com";
}
