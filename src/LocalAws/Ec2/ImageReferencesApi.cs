using System.Globalization;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeImageReferences: the caller's instances (in any state, unless a state-name option says otherwise)
/// and launch template versions (the newest 10 unless a version-depth option of 1-10000 says otherwise) that
/// reference the given images: the defaults of the API reference's ResourceTypeOption. ssm:Parameter and
/// imagebuilder types are accepted and never match.
/// </summary>
internal static class ImageReferencesApi
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "ec2:Instance", "ec2:LaunchTemplate", "ssm:Parameter", "imagebuilder:ImageRecipe", "imagebuilder:ContainerRecipe",
    };

    public static AwsResponse DescribeImageReferences(AwsCall call)
    {
        var p = call.Params;
        var imageIds = p.List("ImageId");
        if (imageIds.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter ImageId");
        if (imageIds.Count > 10) throw new AwsException("InvalidParameterValue", "The request can contain at most 10 image IDs.");
        foreach (var id in imageIds) Ec2Common.CheckImageId(id);
        var includeAll = p.Bool("IncludeAllResourceTypes");
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);

        var requested = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var i in p.StructIndexes("ResourceType"))
        {
            var type = p.Get($"ResourceType.{i}.ResourceType") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ResourceType");
            if (!Types.Contains(type)) throw new AwsException("InvalidParameterValue", $"Value ({type}) for parameter resourceType is invalid.");
            var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var j in p.StructIndexes($"ResourceType.{i}.ResourceTypeOption"))
            {
                var name = p.Get($"ResourceType.{i}.ResourceTypeOption.{j}.OptionName") ?? "";
                options[name] = p.List($"ResourceType.{i}.ResourceTypeOption.{j}.OptionValue");
            }
            requested[type] = options;
        }
        if (!includeAll && requested.Count == 0)
            throw new AwsException("MissingParameter", "Either IncludeAllResourceTypes or ResourceTypes must be specified.");
        if (includeAll)
            foreach (var type in Types) requested.TryAdd(type, new Dictionary<string, List<string>>(StringComparer.Ordinal));

        var wanted = new HashSet<string>(imageIds, StringComparer.Ordinal);
        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        var rows = new List<(string ImageId, string Type, string Arn)>();
        if (requested.TryGetValue("ec2:Instance", out var instanceOptions))
        {
            var states = instanceOptions.GetValueOrDefault("state-name");
            foreach (var instance in scope.Instances.Values)
            {
                if (instance.ImageId is null || !wanted.Contains(instance.ImageId) || Ec2Common.IsGone(instance, now)) continue;
                if (states is { Count: > 0 } && !states.Contains(instance.State)) continue;
                rows.Add((instance.ImageId, "ec2:Instance", $"arn:aws:ec2:{call.Region}:{call.Account}:instance/{instance.InstanceId}"));
            }
        }
        if (requested.TryGetValue("ec2:LaunchTemplate", out var templateOptions))
        {
            var depth = 10;
            if (templateOptions.GetValueOrDefault("version-depth") is [var d, ..])
            {
                if (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out depth) || depth is < 1 or > 10000)
                    throw new AwsException("InvalidParameterValue", $"Value ({d}) for option version-depth is invalid. Expecting an integer between 1 and 10000.");
            }
            foreach (var template in scope.LaunchTemplates.Values)
            {
                var recent = template.Versions.OrderByDescending(v => v.Number).Take(depth);
                foreach (var imageId in recent.Select(v => v.ImageId).OfType<string>().Where(wanted.Contains).Distinct())
                    rows.Add((imageId, "ec2:LaunchTemplate", template.Arn));
            }
        }

        var (page, next) = Ec2Common.Page(rows, r => r.Arn + "\u0001" + r.ImageId, "image-references", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("imageReferenceSet");
        foreach (var (imageId, type, arn) in page)
            xml.Open("item").Elem("imageId", imageId).Elem("resourceType", type).Elem("arn", arn).Close();
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }
}
