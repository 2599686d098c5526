using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// EC2's filter rule for one resource type: each Filter.N must match (AND), any of its values may (OR), values
/// take * and ? wildcards, "tag:Key" matches that tag's value, and an unknown filter name is InvalidParameterValue.
/// </summary>
internal static class ResourceFilters
{
    public static List<Func<T, bool>> Compile<T>(
        List<(string Name, List<string> Values)> filters,
        IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> fields,
        Func<T, IReadOnlyDictionary<string, string>> tags)
    {
        var compiled = new List<Func<T, bool>>();
        foreach (var (name, values) in filters)
        {
            if (name.StartsWith("tag:", StringComparison.Ordinal))
            {
                var key = name["tag:".Length..];
                compiled.Add(r => tags(r).TryGetValue(key, out var v) && Wildcard.AnyMatch(values, v));
            }
            else if (fields.TryGetValue(name, out var field))
            {
                compiled.Add(r => field(r).Any(v => Wildcard.AnyMatch(values, v)));
            }
            else
            {
                throw new AwsException("InvalidParameterValue", $"The filter '{name}' is invalid");
            }
        }
        return compiled;
    }
}
