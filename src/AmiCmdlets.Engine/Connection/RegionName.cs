using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The shape of an AWS region name (checked at binding, without loading the SDK), and the regions
/// offered to tab completion without a call. Whether AWS knows the region is <see cref="KnownRegions"/>.
/// </summary>
public static class RegionName
{
    // geography[-partition part]-direction-number: us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
    private static readonly Regex Shape = new Regex(
        @"\A[a-z]{2,4}(-[a-z]{2,4})*-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[0-9]{1,2}\z",
        RegexOptions.CultureInvariant);

    public static bool IsValid(string? region) => region != null && Shape.IsMatch(region);

    /// <summary>Null for a well-formed name; else the message that says what a region looks like.</summary>
    public static string? Problem(string? region)
    {
        if (IsValid(region)) return null;
        var message = InputText.Quote(region) + " is not an AWS region name: expected a name like us-east-1, eu-west-2 or ap-southeast-2 " +
            "(geography, direction, number; lower case).";
        if (region == null || region.Length == 0) return message;
        var whitespace = InputText.WhitespaceHint(region);
        if (whitespace.Length > 0) return message + whitespace;
        return IsValid(region.ToLowerInvariant()) ? message + " Use '" + region.ToLowerInvariant() + "'." : message;
    }

    public static readonly string[] Known =
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1", "me-south-1", "me-central-1",
        "af-south-1", "il-central-1", "ca-west-1", "mx-central-1", "us-gov-west-1", "us-gov-east-1",
    };
}
