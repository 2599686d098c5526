using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeInstanceImageMetadata: the caller's instances (recently terminated ones included, as AWS says, for
/// the hour DescribeInstances shows them) with the AMI each was launched from, even when that AMI is
/// deprecated, disabled, deregistered or no longer visible to the caller. imageAllowed is the caller's Allowed
/// AMIs verdict (true while the settings are disabled). owner-id and owner-alias filter on the image's owner (a guess:
/// the API reference does not say whose).
/// </summary>
internal static class DescribeInstanceImageMetadataApi
{
    private sealed record Row(Instance Instance, Image? Image, bool Allowed);

    private static readonly Dictionary<string, Func<Row, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["availability-zone"] = r => [r.Instance.Region + "a"],
        ["zone-id"] = r => [ZoneId(r.Instance)],
        ["instance-id"] = r => [r.Instance.InstanceId],
        ["instance-state-name"] = r => [r.Instance.State],
        ["instance-type"] = r => [r.Instance.InstanceType],
        ["launch-time"] = r => [XmlOut.FormatTime(r.Instance.LaunchTime)],
        ["image-allowed"] = r => [r.Allowed ? "true" : "false"],
        ["owner-id"] = r => [r.Image?.OwnerId],
        ["owner-alias"] = r => [r.Image?.OwnerAlias],
    };

    public static AwsResponse DescribeInstanceImageMetadata(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("InstanceId");
        foreach (var id in ids) Ec2Common.CheckInstanceId(id);
        var maxResults = Ec2Common.MaxResults(p, ids.Count, "InstanceIds", min: 5, max: 1000);
        var filters = ResourceFilters.Compile(Ec2Api.Filters(p), Fields, r => r.Instance.Tags);

        var now = call.State.Now;
        var scope = call.State.Scope(call.Account, call.Region);
        var live = scope.Instances.Values.Where(i => !Ec2Common.IsGone(i, now)).ToList();
        if (ids.Count > 0)
        {
            var missing = ids.Where(id => live.All(i => i.InstanceId != id)).Distinct().ToList();
            if (missing.Count > 0) throw Ec2Common.InstancesNotFound(missing);
            live = live.Where(i => ids.Contains(i.InstanceId)).ToList();
        }
        var images = call.State.Images(call.Region);
        var allowedImages = AllowedImagesSettingsApi.Of(call);
        var rows = live.Select(i =>
        {
            var image = ImageOf(images, i.ImageId, now);
            return new Row(i, image, image is null || (allowedImages.Verdict(image, call.Account, now) ?? image.ImageAllowed ?? true));
        }).Where(r => filters.All(f => f(r)));

        var (page, next) = Ec2Common.Page(rows, r => r.Instance.InstanceId, "instance-image-metadata", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("instanceImageMetadataSet");
        foreach (var (instance, image, allowed) in page)
        {
            xml.Open("item")
                .Elem("instanceId", instance.InstanceId)
                .Elem("instanceType", instance.InstanceType)
                .Elem("launchTime", instance.LaunchTime)
                .Elem("availabilityZone", instance.Region + "a")
                .Elem("zoneId", ZoneId(instance));
            DescribeInstancesApi.WriteState(xml, "instanceState", instance.State);
            xml.Elem("instanceOwnerId", instance.OwnerId);
            Ec2Api.WriteTagSet(xml, instance.Tags);
            xml.Open("imageMetadata").Elem("imageId", instance.ImageId);
            if (image is not null)
            {
                xml.Elem("name", image.Name)
                    .Elem("imageOwnerId", image.OwnerId)
                    .Elem("imageState", image.State)
                    .Elem("imageOwnerAlias", image.OwnerAlias)
                    .Elem("creationDate", image.CreationDate)
                    .Elem("deprecationTime", image.DeprecationTime)
                    .Elem("imageAllowed", allowed)
                    .Elem("isPublic", image.Public);
            }
            xml.Close().Close();
        }
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    /// <summary>The image as it is now, live or deregistered; null only for an id LocalAws never knew (seeded instances).</summary>
    private static Image? ImageOf(RegionImages images, string? imageId, DateTimeOffset now)
    {
        if (imageId is null) return null;
        var image = images.Find(imageId) ?? images.FindDeregistered(imageId);
        image?.Settle(now);
        return image;
    }

    private static string ZoneId(Instance instance) => instance.Region + "-az1";
}
