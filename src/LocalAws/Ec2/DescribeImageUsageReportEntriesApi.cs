using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeImageUsageReportEntries: one entry per account and resource type that uses the image, from the
/// caller's available reports (a pending or failed report has none), by ReportId.N and/or ImageId.N, filters
/// account-id, resource-type and creation-time, paged.
/// </summary>
internal static class DescribeImageUsageReportEntriesApi
{
    private sealed record Row(ImageUsageReport Report, string AccountId, string ResourceType, long Count)
    {
        public string Key => Report.ReportId + "\u0001" + AccountId + "\u0001" + ResourceType;
    }

    private static readonly Dictionary<string, Func<Row, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["account-id"] = r => [r.AccountId],
        ["resource-type"] = r => [r.ResourceType],
        ["creation-time"] = r => [XmlOut.FormatTime(r.Report.CreationTime)],
    };

    public static AwsResponse DescribeImageUsageReportEntries(AwsCall call)
    {
        var p = call.Params;
        var reportIds = ImageUsageReportRules.Limited(p, "ReportId");
        var imageIds = ImageUsageReportRules.Limited(p, "ImageId");
        foreach (var id in reportIds) ImageUsageReportRules.CheckReportId(id);
        foreach (var id in imageIds) Ec2Common.CheckImageId(id);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);
        var filters = ResourceFilters.Compile(Ec2Api.Filters(p), Fields, _ => new Dictionary<string, string>());

        var reports = call.State.UsageReports.Of(call.State, call.Account, call.Region, call.State.Now).ToList();
        var missing = reportIds.Where(id => reports.All(r => r.ReportId != id)).ToList();
        if (missing.Count > 0)
            throw new AwsException("InvalidImageUsageReportId.NotFound", $"The image usage report ID '{string.Join(", ", missing)}' does not exist");
        var rows = reports
            .Where(r => r.State == "available" && (reportIds.Count == 0 || reportIds.Contains(r.ReportId)) && (imageIds.Count == 0 || imageIds.Contains(r.ImageId)))
            .SelectMany(r => r.Entries.Select(e => new Row(r, e.AccountId, e.ResourceType, e.Count)))
            .Where(row => filters.All(f => f(row)));

        var (page, next) = Ec2Common.Page(rows, r => r.Key, "image-usage-report-entries", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("imageUsageReportEntrySet");
        foreach (var row in page)
        {
            xml.Open("item")
                .Elem("resourceType", row.ResourceType)
                .Elem("reportId", row.Report.ReportId)
                .Elem("usageCount", row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Elem("accountId", row.AccountId)
                .Elem("imageId", row.Report.ImageId)
                .Elem("reportCreationTime", row.Report.CreationTime)
                .Close();
        }
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }
}
