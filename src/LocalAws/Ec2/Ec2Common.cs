using System.Text;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>Parameter parsing, id checks, lookups and paging shared by the EC2 actions, with AWS's error codes.</summary>
internal static partial class Ec2Common
{

    /// <summary>TagSpecification.N.ResourceType + TagSpecification.N.Tag.M.Key/Value, merged per resource type.</summary>
    public static Dictionary<string, Dictionary<string, string>> TagSpecifications(QueryRequest p, params string[] allowedTypes)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var i in p.StructIndexes("TagSpecification"))
        {
            var type = p.Get($"TagSpecification.{i}.ResourceType")
                ?? throw new AwsException("InvalidParameterValue", "Tag specification resource type must have a value");
            if (!allowedTypes.Contains(type))
                throw new AwsException("InvalidParameterValue", $"'{type}' is not a valid taggable resource type for this operation.");
            if (!result.TryGetValue(type, out var tags)) result[type] = tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in Tags(p, $"TagSpecification.{i}.Tag")) tags[key] = value;
        }
        return result;
    }

    /// <summary>Prefix.N.Key / Prefix.N.Value pairs, validated as CreateTags validates them.</summary>
    public static List<(string Key, string Value)> Tags(QueryRequest p, string prefix)
    {
        var tags = new List<(string, string)>();
        foreach (var i in p.StructIndexes(prefix))
        {
            var key = p.Get($"{prefix}.{i}.Key") ?? throw new AwsException("InvalidParameterValue", "Tag key must have a value");
            var value = p.Get($"{prefix}.{i}.Value") ?? "";
            ValidateTag(key, value);
            tags.Add((key, value));
        }
        return tags;
    }

    public static void ValidateTag(string key, string value)
    {
        if (key.Length is 0 or > 128)
            throw new AwsException("InvalidParameterValue", $"Tag key exceeds the maximum length of 128 characters");
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            throw new AwsException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
        if (value.Length > 256)
            throw new AwsException("InvalidParameterValue", "Tag value exceeds the maximum length of 256 characters");
    }

    public static void ApplyTags(Dictionary<string, string> target, Dictionary<string, Dictionary<string, string>> specs, string type)
    {
        if (!specs.TryGetValue(type, out var tags)) return;
        foreach (var (k, v) in tags) target[k] = v;
        if (target.Count > 50) throw new AwsException("TagLimitExceeded", "The maximum number of tags per resource (50) was exceeded.");
    }

    // ---- ids ----

    public static string CheckImageId(string id) => ImageIdPattern().IsMatch(id) ? id
        : throw new AwsException("InvalidAMIID.Malformed", $"Invalid id: \"{id}\" (expecting \"ami-...\")");

    public static string CheckInstanceId(string id) => InstanceIdPattern().IsMatch(id) ? id
        : throw new AwsException("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"");

    public static string CheckSnapshotId(string id) => SnapshotIdPattern().IsMatch(id) ? id
        : throw new AwsException("InvalidSnapshotID.Malformed", $"Invalid id: \"{id}\" (expecting \"snap-...\")");

    public static bool IsAccountId(string value) => AccountIdPattern().IsMatch(value);

    // ---- lookups ----

    /// <summary>An image the caller may see (own, public or shared); otherwise InvalidAMIID.NotFound (or .Unavailable once deregistered).</summary>
    public static Image VisibleImage(AwsCall call, string imageId)
    {
        CheckImageId(imageId);
        var images = call.State.Images(call.Region);
        var image = images.Find(imageId);
        image?.Settle(call.State.Now);
        if (image is null || !image.IsVisibleTo(call.Account))
        {
            if (image is null && images.WasDeregistered(imageId))
                throw new AwsException("InvalidAMIID.Unavailable", $"The image ID '{imageId}' is no longer available");
            throw new AwsException("InvalidAMIID.NotFound", $"The image id '[{imageId}]' does not exist");
        }
        return image;
    }

    /// <summary>An image for an owner-only action: not visible -> NotFound; visible but someone else's -> AuthFailure (as EC2 answers).</summary>
    public static Image OwnImage(AwsCall call, string imageId)
    {
        var image = VisibleImage(call, imageId);
        if (image.OwnerId != call.Account)
            throw new AwsException("AuthFailure", $"Not authorized for image:{imageId}");
        return image;
    }

    public static Instance OwnInstance(AwsCall call, string instanceId)
    {
        CheckInstanceId(instanceId);
        var instance = call.State.Scope(call.Account, call.Region).Instances.GetValueOrDefault(instanceId);
        if (instance is null || IsGone(instance, call.State.Now)) throw InstancesNotFound([instanceId]);
        return instance;
    }

    /// <summary>Terminated instances drop out of DescribeInstances an hour after termination, as on AWS.</summary>
    public static bool IsGone(Instance instance, DateTimeOffset now) =>
        instance.TerminatedAt is { } t && t.AddHours(1) <= now;

    public static AwsException InstancesNotFound(IReadOnlyList<string> ids) => ids.Count == 1
        ? new AwsException("InvalidInstanceID.NotFound", $"The instance ID '{ids[0]}' does not exist")
        : new AwsException("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", ids)}' do not exist");

    public static AwsException SnapshotNotFound(string id) =>
        new("InvalidSnapshot.NotFound", $"The snapshot '{id}' does not exist.");

    // ---- paging ----

    /// <summary>
    /// MaxResults checks shared by the Describe* actions: not with explicit ids, and within AWS's range. With
    /// <paramref name="clampAboveMax"/> a larger value is not an error but returns <paramref name="max"/> a page,
    /// as DescribeSnapshots documents ("if this value is larger than 1,000, only 1,000 results are returned").
    /// </summary>
    public static int? MaxResults(QueryRequest p, int idCount, string idsParameter, int min = 5, int max = 1000, bool clampAboveMax = false)
    {
        var maxResults = p.Int("MaxResults");
        if (maxResults is null) return null;
        if (idCount > 0)
            throw new AwsException("InvalidParameterCombination", $"The parameter {idsParameter} cannot be used with the parameter maxResults");
        if (clampAboveMax && maxResults > max) return max;
        CheckMaxResultsRange(maxResults, min, max, clampAboveMax);
        return maxResults;
    }

    /// <summary>The range check alone, for actions whose id rule differs. Both ends are accepted values.</summary>
    public static void CheckMaxResultsRange(int? maxResults, int min, int max, bool noUpperBound = false)
    {
        if (maxResults is null || (maxResults >= min && (noUpperBound || maxResults <= max))) return;
        // The wording is a guess (AWS's exact text is not published); it names the accepted range, both ends included.
        throw new AwsException("InvalidParameterValue", noUpperBound
            ? $"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value greater than or equal to {min}."
            : $"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value between {min} and {max}.");
    }

    public static string EncodeToken(string kind, string lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"localaws-{kind}:{lastId}"));

    public static string? DecodeToken(string kind, string? token)
    {
        if (token is null) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var prefix = $"localaws-{kind}:";
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return text[prefix.Length..];
        }
        catch (FormatException) { }
        throw new AwsException("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
    }

    /// <summary>One page of items sorted by id: items after the token's id, at most maxResults, plus the next token when more exist.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, string> id, string kind, int? maxResults, string? token)
    {
        var after = DecodeToken(kind, token);
        var sorted = items.OrderBy(id, StringComparer.Ordinal).Where(i => after is null || StringComparer.Ordinal.Compare(id(i), after) > 0);
        var page = new List<T>();
        var limit = maxResults ?? int.MaxValue;
        foreach (var item in sorted)
        {
            if (page.Count == limit) return (page, EncodeToken(kind, id(page[^1])));
            page.Add(item);
        }
        return (page, null);
    }

    public static XmlOut Return(AwsCall call, bool value = true) => Ec2Api.Begin(call).Elem("return", value);

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex ImageIdPattern();

    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex("^snap-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex SnapshotIdPattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountIdPattern();
}
