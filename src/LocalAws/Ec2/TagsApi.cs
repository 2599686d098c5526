using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>CreateTags, DeleteTags, DescribeTags for the caller's images, snapshots, instances, volumes and launch templates.</summary>
internal static class TagsApi
{
    private sealed record Tagged(string ResourceId, string ResourceType, Dictionary<string, string> Tags);

    public static AwsResponse CreateTags(AwsCall call)
    {
        var p = call.Params;
        var resources = Resolve(call, p.List("ResourceId"));
        var tags = Ec2Common.Tags(p, "Tag");
        if (tags.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter Tag");
        foreach (var r in resources)
        {
            foreach (var (k, v) in tags) r.Tags[k] = v;
            if (r.Tags.Count > 50) throw new AwsException("TagLimitExceeded", "The maximum number of tags per resource (50) was exceeded.");
        }
        return Ec2Api.End(Ec2Common.Return(call));
    }

    /// <summary>A tag with a value deletes only when the value matches; with no Tag at all, every tag goes.</summary>
    public static AwsResponse DeleteTags(AwsCall call)
    {
        var p = call.Params;
        var resources = Resolve(call, p.List("ResourceId"));
        var indexes = p.StructIndexes("Tag");
        foreach (var r in resources)
        {
            if (indexes.Count == 0)
            {
                r.Tags.Clear();
                continue;
            }
            foreach (var i in indexes)
            {
                var key = p.Get($"Tag.{i}.Key") ?? throw new AwsException("InvalidParameterValue", "Tag key must have a value");
                var value = p.Get($"Tag.{i}.Value");
                if (r.Tags.TryGetValue(key, out var current) && (value is null || value == current)) r.Tags.Remove(key);
            }
        }
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static AwsResponse DescribeTags(AwsCall call)
    {
        var p = call.Params;
        var maxResults = Ec2Common.MaxResults(p, 0, "", 5, 1000);
        var filters = new List<Func<Tagged, string, string, bool>>();
        foreach (var (name, values) in Ec2Api.Filters(p))
        {
            filters.Add(name switch
            {
                "resource-id" => (r, _, _) => Wildcard.AnyMatch(values, r.ResourceId),
                "resource-type" => (r, _, _) => Wildcard.AnyMatch(values, r.ResourceType),
                "key" => (_, k, _) => Wildcard.AnyMatch(values, k),
                "value" => (_, _, v) => Wildcard.AnyMatch(values, v),
                _ when name.StartsWith("tag:", StringComparison.Ordinal) => (_, k, v) => k == name[4..] && Wildcard.AnyMatch(values, v),
                _ => throw new AwsException("InvalidParameterValue", $"The filter '{name}' is invalid"),
            });
        }
        var rows = All(call)
            .SelectMany(r => r.Tags.Select(t => (Resource: r, t.Key, t.Value)))
            .Where(row => filters.All(f => f(row.Resource, row.Key, row.Value)));
        var (page, next) = Ec2Common.Page(rows, row => row.Resource.ResourceId + "\u0001" + row.Key, "tags", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("tagSet");
        foreach (var (resource, key, value) in page)
        {
            xml.Open("item").Elem("resourceId", resource.ResourceId).Elem("resourceType", resource.ResourceType)
                .Elem("key", key).Elem("value", value).Close();
        }
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    private static IEnumerable<Tagged> All(AwsCall call)
    {
        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        foreach (var image in call.State.Images(call.Region).All.Where(i => i.OwnerId == call.Account))
            yield return new Tagged(image.ImageId, "image", image.Tags);
        foreach (var image in call.State.Images(call.Region).All.Where(i => i.OwnerId != call.Account && i.AccountTags.ContainsKey(call.Account)))
            yield return new Tagged(image.ImageId, "image", image.AccountTags[call.Account]);
        foreach (var s in scope.Snapshots.Values) yield return new Tagged(s.SnapshotId, "snapshot", s.Tags);
        foreach (var i in scope.Instances.Values.Where(i => !Ec2Common.IsGone(i, now))) yield return new Tagged(i.InstanceId, "instance", i.Tags);
        foreach (var v in scope.Volumes.Values) yield return new Tagged(v.VolumeId, "volume", v.Tags);
        foreach (var t in scope.LaunchTemplates.Values) yield return new Tagged(t.LaunchTemplateId, "launch-template", t.Tags);
    }

    /// <summary>Every id must name a resource the caller owns in the region; the first that does not fails the call.</summary>
    private static List<Tagged> Resolve(AwsCall call, List<string> ids)
    {
        if (ids.Count == 0) throw new AwsException("MissingParameter", "The request must contain the parameter ResourceId");
        var scope = call.State.Scope(call.Account, call.Region);
        var result = new List<Tagged>();
        foreach (var id in ids)
        {
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            switch (dash > 0 ? id[..dash] : "")
            {
                case "ami":
                    // A shared or public image takes tags too: the caller's own, which only the caller sees (AWS).
                    var image = Ec2Common.VisibleImage(call, id);
                    result.Add(new Tagged(id, "image", image.TagsFor(call.Account)));
                    break;
                case "snap":
                    Ec2Common.CheckSnapshotId(id);
                    var snapshot = scope.Snapshots.GetValueOrDefault(id) ?? throw Ec2Common.SnapshotNotFound(id);
                    result.Add(new Tagged(id, "snapshot", snapshot.Tags));
                    break;
                case "i":
                    result.Add(new Tagged(id, "instance", Ec2Common.OwnInstance(call, id).Tags));
                    break;
                case "vol":
                    var volume = scope.Volumes.GetValueOrDefault(id)
                        ?? throw new AwsException("InvalidVolume.NotFound", $"The volume '{id}' does not exist.");
                    result.Add(new Tagged(id, "volume", volume.Tags));
                    break;
                case "lt":
                    var template = scope.LaunchTemplates.GetValueOrDefault(id)
                        ?? throw new AwsException("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.");
                    result.Add(new Tagged(id, "launch-template", template.Tags));
                    break;
                default:
                    throw new AwsException("InvalidID", $"The ID '{id}' is not valid");
            }
        }
        return result;
    }
}
