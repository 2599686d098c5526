using System;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The partition a region belongs to (aws, aws-cn, aws-us-gov, and the isolated ones), decided from the name
/// without a call: ARNs of roles, keys and organisations carry it, and a role is assumed in its region's partition.
/// </summary>
public static class AwsPartition
{
    public static string Of(string region)
    {
        if (region.StartsWith("cn-", StringComparison.Ordinal)) return "aws-cn";
        if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return "aws-us-gov";
        if (region.StartsWith("us-isob-", StringComparison.Ordinal)) return "aws-iso-b";
        if (region.StartsWith("us-iso-", StringComparison.Ordinal)) return "aws-iso";
        if (region.StartsWith("eu-isoe-", StringComparison.Ordinal)) return "aws-iso-e";
        if (region.StartsWith("eusc-", StringComparison.Ordinal)) return "aws-eusc";
        return "aws";
    }

    /// <summary>The partition written in an ARN ("arn:aws-cn:iam::..." gives aws-cn).</summary>
    public static string OfArn(string arn)
    {
        var start = arn.IndexOf(':') + 1;
        var end = arn.IndexOf(':', start);
        return start <= 0 || end < 0 ? "" : arn.Substring(start, end - start);
    }

    /// <summary>The 12-digit account of an IAM ARN (arn:aws:iam::111122223333:role/x gives 111122223333).</summary>
    public static string AccountOfArn(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 4 ? parts[4] : "";
    }

    /// <summary>The partition's region that is always enabled, to ask from; null where none is known (isolated partitions).</summary>
    public static string? AlwaysEnabledRegion(string region)
    {
        switch (Of(region))
        {
            case "aws": return "us-east-1";
            case "aws-us-gov": return "us-gov-west-1";
            case "aws-cn": return "cn-north-1";
            case "aws-eusc": return "eusc-de-east-1";
            default: return null;
        }
    }

    /// <summary>
    /// Regions every account has without opting in: those AWS opened before 20 March 2019, and every region of the
    /// China and GovCloud partitions ("Specify which AWS Regions your account can use", AWS Account Management guide).
    /// Any other region may need enabling, which is asked (DescribeRegions) only when a run uses one.
    /// </summary>
    public static bool EnabledByDefault(string region) =>
        Of(region) is "aws-cn" or "aws-us-gov" || DefaultRegions.Contains(region);

    private static readonly System.Collections.Generic.HashSet<string> DefaultRegions = new(StringComparer.Ordinal)
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
        "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    };

    public static string RoleArn(string region, string accountId, string roleName) =>
        "arn:" + Of(region) + ":iam::" + accountId + ":role/" + roleName;
}
