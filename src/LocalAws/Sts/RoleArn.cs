using System.Text.RegularExpressions;

namespace LocalAws.Sts;

/// <summary>An IAM role ARN in any of the three partitions (aws, aws-cn, aws-us-gov), path allowed.</summary>
internal sealed partial record RoleArn(string Value, string Partition, string Account, string Name)
{
    public static RoleArn? TryParse(string value)
    {
        var m = Pattern().Match(value);
        return m.Success ? new RoleArn(value, m.Groups["partition"].Value, m.Groups["account"].Value, m.Groups["name"].Value) : null;
    }

    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):iam::(?<account>\d{12}):role/(?:[\w+=,.@-]+/)*(?<name>[\w+=,.@-]{1,64})$")]
    private static partial Regex Pattern();
}
