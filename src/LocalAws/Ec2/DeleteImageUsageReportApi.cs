using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>DeleteImageUsageReport: any of the caller's reports in the region, whatever its state.</summary>
internal static class DeleteImageUsageReportApi
{
    public static AwsResponse DeleteImageUsageReport(AwsCall call)
    {
        var reportId = call.Params.Get("ReportId") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ReportId");
        ImageUsageReportRules.CheckReportId(reportId);
        var state = call.State;
        if (!state.UsageReports.Of(state, call.Account, call.Region, state.Now).Any(r => r.ReportId == reportId))
            throw new AwsException("InvalidImageUsageReportId.NotFound", $"The image usage report ID '{reportId}' does not exist");
        state.UsageReports.Remove(reportId);
        return Ec2Api.End(Ec2Common.Return(call));
    }
}
