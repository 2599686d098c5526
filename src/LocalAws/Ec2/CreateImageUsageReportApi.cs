using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// CreateImageUsageReport: only the image's owner may ask; ResourceType.N (ec2:Instance | ec2:LaunchTemplate,
/// the latter with a version-depth option, default 20) is required; AccountId.N (at most 200) limits the
/// accounts, none means all. The report starts pending (see <see cref="ImageUsageReports"/>).
/// </summary>
internal static class CreateImageUsageReportApi
{
    public static AwsResponse CreateImageUsageReport(AwsCall call)
    {
        var p = call.Params;
        var imageId = p.Get("ImageId") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ImageId");
        var image = Ec2Common.OwnImage(call, imageId);

        var types = new List<(string, int?)>();
        foreach (var i in p.StructIndexes("ResourceType"))
        {
            var type = p.Get($"ResourceType.{i}.ResourceType") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ResourceType");
            if (type is not ("ec2:Instance" or "ec2:LaunchTemplate"))
                throw new AwsException("InvalidParameterValue", $"Value ({type}) for parameter resourceType is invalid.");
            int? depth = null;
            foreach (var j in p.StructIndexes($"ResourceType.{i}.ResourceTypeOption"))
            {
                var name = p.Get($"ResourceType.{i}.ResourceTypeOption.{j}.OptionName");
                if (name != "version-depth" || type != "ec2:LaunchTemplate")
                    throw new AwsException("InvalidParameterValue", $"Value ({name}) for parameter optionName is invalid for resource type {type}.");
                depth = ImageUsageReportRules.VersionDepth(p.List($"ResourceType.{i}.ResourceTypeOption.{j}.OptionValue").FirstOrDefault());
            }
            if (types.Any(t => t.Item1 == type)) throw new AwsException("InvalidParameterValue", $"The resource type {type} is specified more than once.");
            types.Add((type, type == "ec2:LaunchTemplate" ? depth ?? 20 : null));
        }
        if (types.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter ResourceType");

        var accounts = ImageUsageReportRules.Limited(p, "AccountId");
        foreach (var account in accounts)
            if (!Ec2Common.IsAccountId(account)) throw new AwsException("InvalidParameterValue", $"Value ({account}) for parameter accountId is invalid. Expecting a 12-digit account ID.");
        var tags = Ec2Common.TagSpecifications(p, "image-usage-report");

        var state = call.State;
        var clientToken = p.Get("ClientToken");
        var fingerprint = p.Fingerprint("Action", "Version", "ClientToken");
        if (clientToken is not null && state.ClientTokens.Find(call.Account, call.Region, call.Action, clientToken) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
                throw new AwsException("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
            return Ec2Api.End(Ec2Api.Begin(call).Elem("reportId", earlier.ResourceId));
        }

        var now = state.Now;
        var pending = state.UsageReports.Of(state, call.Account, call.Region, now).Count(r => r.State == "pending");
        if (pending >= ImageUsageReportRules.MaxPending)
            throw new AwsException("ResourceLimitExceeded", $"You have reached the limit of {ImageUsageReportRules.MaxPending} image usage reports in progress.");

        var report = new ImageUsageReport
        {
            ReportId = state.Ids.Next(ImageUsageReportRules.IdPrefix),
            Account = call.Account,
            Region = call.Region,
            ImageId = image.ImageId,
            AccountIds = accounts.Distinct(StringComparer.Ordinal).ToList(),
            ResourceTypes = types,
            CreationTime = now,
            AvailableAt = now.AddSeconds(state.UsageReports.PendingSecondsFor(call.Region)),
            FailWhenDue = state.UsageReports.TakeFailure(),
        };
        Ec2Common.ApplyTags(report.Tags, tags, "image-usage-report");
        state.UsageReports.Add(report);
        if (clientToken is not null) state.ClientTokens.Remember(call.Account, call.Region, call.Action, clientToken, fingerprint, report.ReportId);
        return Ec2Api.End(Ec2Api.Begin(call).Elem("reportId", report.ReportId));
    }
}
