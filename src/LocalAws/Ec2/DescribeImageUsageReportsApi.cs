using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeImageUsageReports: the caller's reports in the region, by ReportId.N and/or ImageId.N (at most 200
/// each), filters state and creation-time, paged (MaxResults at least 1; 1000 a page at most is a guess).
/// A named report that does not exist (or expired) fails the call.
/// </summary>
internal static class DescribeImageUsageReportsApi
{
    private static readonly Dictionary<string, Func<ImageUsageReport, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["state"] = r => [r.State],
        ["creation-time"] = r => [XmlOut.FormatTime(r.CreationTime)],
    };

    public static AwsResponse DescribeImageUsageReports(AwsCall call)
    {
        var p = call.Params;
        var reportIds = ImageUsageReportRules.Limited(p, "ReportId");
        var imageIds = ImageUsageReportRules.Limited(p, "ImageId");
        foreach (var id in reportIds) ImageUsageReportRules.CheckReportId(id);
        foreach (var id in imageIds) Ec2Common.CheckImageId(id);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);
        var filters = ResourceFilters.Compile(Ec2Api.Filters(p), Fields, r => r.Tags);

        var reports = call.State.UsageReports.Of(call.State, call.Account, call.Region, call.State.Now).ToList();
        var missing = reportIds.Where(id => reports.All(r => r.ReportId != id)).ToList();
        if (missing.Count > 0)
            throw new AwsException("InvalidImageUsageReportId.NotFound", $"The image usage report ID '{string.Join(", ", missing)}' does not exist");
        var selected = reports.Where(r => (reportIds.Count == 0 || reportIds.Contains(r.ReportId)) && (imageIds.Count == 0 || imageIds.Contains(r.ImageId))
            && filters.All(f => f(r)));

        var (page, next) = Ec2Common.Page(selected, r => r.ReportId, "image-usage-reports", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("imageUsageReportSet");
        foreach (var report in page) ImageUsageReportRules.Write(xml, report);
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }
}
