using System.Globalization;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>What the image usage report actions share: id checks, the report lookup and the report's XML.</summary>
internal static class ImageUsageReportRules
{
    public const string IdPrefix = "amiur";

    /// <summary>ImageId.N, ReportId.N and AccountId.N: "Maximum number of 200 items" in the API reference.</summary>
    public const int MaxListItems = 200;

    /// <summary>Pending reports per account and region at once: a guess (AWS's quota page was not found).</summary>
    public const int MaxPending = 2000;

    public static void CheckReportId(string id)
    {
        if (!id.StartsWith(IdPrefix + "-", StringComparison.Ordinal) || id.Length < IdPrefix.Length + 2)
            throw new AwsException("InvalidImageUsageReportId.Malformed", $"Invalid id: \"{id}\" (expecting \"{IdPrefix}-...\")");
    }

    public static List<string> Limited(QueryRequest p, string name)
    {
        var values = p.List(name);
        if (values.Count > MaxListItems)
            throw new AwsException("InvalidParameterValue", $"The request can contain at most {MaxListItems} values for {name}.");
        return values;
    }

    public static int? VersionDepth(string? value)
    {
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) || depth is < 1 or > 10000)
            throw new AwsException("InvalidParameterValue", $"Value ({value}) for option version-depth is invalid. Expecting an integer between 1 and 10000.");
        return depth;
    }

    public static void Write(XmlOut xml, ImageUsageReport report)
    {
        xml.Open("item")
            .Elem("imageId", report.ImageId)
            .Elem("reportId", report.ReportId);
        xml.Open("resourceTypeSet");
        foreach (var (type, depth) in report.ResourceTypes)
        {
            xml.Open("item").Elem("resourceType", type);
            if (depth is { } d)
                xml.Open("resourceTypeOptionSet").Open("item").Elem("optionName", "version-depth")
                    .Open("optionValueSet").Elem("item", d).Close().Close().Close();
            xml.Close();
        }
        xml.Close();
        if (report.AccountIds.Count > 0)
        {
            xml.Open("accountIdSet");
            foreach (var account in report.AccountIds) xml.Elem("item", account);
            xml.Close();
        }
        xml.Elem("state", report.State)
            .Elem("stateReason", report.StateReason)
            .Elem("creationTime", report.CreationTime)
            .Elem("expirationTime", report.ExpirationTime);
        Ec2Api.WriteTagSet(xml, report.Tags);
        xml.Close();
    }
}
