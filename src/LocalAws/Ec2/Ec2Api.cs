using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>EC2 (Query protocol, 2016-11-15): routes actions to their area and wraps the response envelope.</summary>
internal static class Ec2Api
{
    public static AwsResponse Handle(AwsCall call)
    {
        LaunchSettings.SettleProvisioning(call);
        return Dispatch(call);
    }

    private static AwsResponse Dispatch(AwsCall call) => call.Action switch
    {
        "DescribeRegions" => RegionsApi.DescribeRegions(call),
        "DescribeImages" => DescribeImagesApi.DescribeImages(call),
        "RunInstances" => InstancesApi.RunInstances(call),
        "DescribeInstances" => DescribeInstancesApi.DescribeInstances(call),
        "StartInstances" => InstancesApi.StartInstances(call),
        "StopInstances" => InstancesApi.StopInstances(call),
        "TerminateInstances" => InstancesApi.TerminateInstances(call),
        "CreateImage" => CreateImageApi.CreateImage(call),
        "CopyImage" => CopyImageApi.CopyImage(call),
        "DeregisterImage" => ImageLifecycleApi.DeregisterImage(call),
        "EnableImageDeprecation" => ImageLifecycleApi.EnableImageDeprecation(call),
        "DisableImageDeprecation" => ImageLifecycleApi.DisableImageDeprecation(call),
        "EnableImageDeregistrationProtection" => ImageLifecycleApi.EnableImageDeregistrationProtection(call),
        "DisableImageDeregistrationProtection" => ImageLifecycleApi.DisableImageDeregistrationProtection(call),
        "DisableImage" => ImageLifecycleApi.DisableImage(call),
        "EnableImage" => ImageLifecycleApi.EnableImage(call),
        "DescribeSnapshots" => SnapshotsApi.DescribeSnapshots(call),
        "DeleteSnapshot" => SnapshotsApi.DeleteSnapshot(call),
        "ModifySnapshotAttribute" => SnapshotsApi.ModifySnapshotAttribute(call),
        "DescribeSnapshotAttribute" => SnapshotsApi.DescribeSnapshotAttribute(call),
        "ResetSnapshotAttribute" => SnapshotsApi.ResetSnapshotAttribute(call),
        "CreateLaunchTemplate" => LaunchTemplatesApi.CreateLaunchTemplate(call),
        "CreateLaunchTemplateVersion" => LaunchTemplatesApi.CreateLaunchTemplateVersion(call),
        "DescribeLaunchTemplates" => LaunchTemplatesApi.DescribeLaunchTemplates(call),
        "DescribeLaunchTemplateVersions" => LaunchTemplatesApi.DescribeLaunchTemplateVersions(call),
        "DescribeImageAttribute" => ImageAttributesApi.DescribeImageAttribute(call),
        "ModifyImageAttribute" => ImageAttributesApi.ModifyImageAttribute(call),
        "ResetImageAttribute" => ImageAttributesApi.ResetImageAttribute(call),
        "GetImageBlockPublicAccessState" => ImageBlockPublicAccessApi.GetImageBlockPublicAccessState(call),
        "EnableImageBlockPublicAccess" => ImageBlockPublicAccessApi.EnableImageBlockPublicAccess(call),
        "DisableImageBlockPublicAccess" => ImageBlockPublicAccessApi.DisableImageBlockPublicAccess(call),
        "CreateTags" => TagsApi.CreateTags(call),
        "DeleteTags" => TagsApi.DeleteTags(call),
        "DescribeTags" => TagsApi.DescribeTags(call),
        "DescribeImageReferences" => ImageReferencesApi.DescribeImageReferences(call),
        "ListImagesInRecycleBin" => RecycleBinApi.ListImagesInRecycleBin(call),
        "ListSnapshotsInRecycleBin" => RecycleBinApi.ListSnapshotsInRecycleBin(call),
        "RestoreImageFromRecycleBin" => RecycleBinApi.RestoreImageFromRecycleBin(call),
        "RestoreSnapshotFromRecycleBin" => RecycleBinApi.RestoreSnapshotFromRecycleBin(call),
        "ModifySnapshotTier" => SnapshotTierApi.ModifySnapshotTier(call),
        "RestoreSnapshotTier" => SnapshotTierApi.RestoreSnapshotTier(call),
        "DescribeSnapshotTierStatus" => SnapshotTierApi.DescribeSnapshotTierStatus(call),
        "GetEbsDefaultKmsKeyId" => EbsEncryptionDefaultsApi.GetEbsDefaultKmsKeyId(call),
        "GetImageFindings" => ImageFindingsApi.GetImageFindings(call),
        "GetImageAncestry" => ImageAncestryApi.GetImageAncestry(call),
        "CreateImageUsageReport" => CreateImageUsageReportApi.CreateImageUsageReport(call),
        "DescribeImageUsageReports" => DescribeImageUsageReportsApi.DescribeImageUsageReports(call),
        "DescribeImageUsageReportEntries" => DescribeImageUsageReportEntriesApi.DescribeImageUsageReportEntries(call),
        "DeleteImageUsageReport" => DeleteImageUsageReportApi.DeleteImageUsageReport(call),
        "DescribeInstanceImageMetadata" => DescribeInstanceImageMetadataApi.DescribeInstanceImageMetadata(call),
        "GetConsoleOutput" => ConsoleOutputApi.GetConsoleOutput(call),
        "GetAllowedImagesSettings" => AllowedImagesSettingsApi.GetAllowedImagesSettings(call),
        "EnableAllowedImagesSettings" => AllowedImagesSettingsApi.EnableAllowedImagesSettings(call),
        "DisableAllowedImagesSettings" => AllowedImagesSettingsApi.DisableAllowedImagesSettings(call),
        "ReplaceImageCriteriaInAllowedImagesSettings" => AllowedImagesSettingsApi.ReplaceImageCriteriaInAllowedImagesSettings(call),
        _ => throw AwsErrors.UnknownAction(AwsService.Ec2, call.Action),
    };

    public const int MaxFilterValues = 200;

    public static XmlOut Begin(AwsCall call) =>
        new XmlOut().Open(call.Action + "Response", AwsErrors.Ec2Namespace).Elem("requestId", call.RequestId);

    public static AwsResponse End(XmlOut xml) => new(200, "text/xml;charset=UTF-8", xml.ToString());

    /// <summary>Filter.N.Name / Filter.N.Value.M pairs, in request order.</summary>
    public static List<(string Name, List<string> Values)> Filters(QueryRequest p)
    {
        var filters = new List<(string, List<string>)>();
        foreach (var i in p.StructIndexes("Filter"))
        {
            var name = p.Get($"Filter.{i}.Name")
                ?? throw new AwsException("InvalidParameterValue", $"The filter at position {i} has no name.");
            var values = p.List($"Filter.{i}.Value");
            // EC2 caps the values in one request's filters; callers must chunk long id lists.
            if (values.Count > MaxFilterValues)
                throw new AwsException("FilterLimitExceeded", $"The maximum number of filter values specified on a single call is {MaxFilterValues}");
            filters.Add((name, values));
        }
        return filters;
    }

    public static void WriteTagSet(XmlOut xml, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return;
        xml.Open("tagSet");
        foreach (var (key, value) in tags) xml.Open("item").Elem("key", key).Elem("value", value).Close();
        xml.Close();
    }
}
