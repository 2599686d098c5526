using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace LocalAws.Protocol;

/// <summary>An AWS Query protocol request (EC2, STS): flat "Name.N.Member" parameters from body and URL.</summary>
internal sealed class QueryRequest
{
    private readonly Dictionary<string, string> _values;

    private QueryRequest(Dictionary<string, string> values) => _values = values;

    public static QueryRequest Parse(string queryString, byte[] body, string? contentType)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in QueryHelpers.ParseQuery(queryString)) values[k] = v.ToString();
        if (body.Length > 0 && (contentType is null || contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var (k, v) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))) values[k] = v.ToString();
        }
        return new QueryRequest(values);
    }

    public string? Action => Get("Action");

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) =>
        Get(name) is { Length: > 0 } v ? v : throw new AwsException("MissingParameter", $"The request must contain the parameter {name}");

    public bool Bool(string name, bool defaultValue = false)
    {
        var v = Get(name);
        if (v is null) return defaultValue;
        if (bool.TryParse(v, out var b)) return b;
        throw new AwsException("InvalidParameterValue", $"Value ({v}) for parameter {name} is invalid. Expected: 'true' or 'false'.");
    }

    public int? Int(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        throw new AwsException("InvalidParameterValue", $"Value ({v}) for parameter {name} is invalid. Expected an integer.");
    }

    /// <summary>Every parameter but the named ones, in a stable order: what an idempotent request is compared by.</summary>
    public string Fingerprint(params string[] except) =>
        string.Join("\n", _values.Where(kv => Array.IndexOf(except, kv.Key) < 0).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    /// <summary>Values of "Prefix.1", "Prefix.2", ... in index order.</summary>
    public List<string> List(string prefix)
    {
        var result = new List<(int Index, string Value)>();
        var dotted = prefix + ".";
        foreach (var (k, v) in _values)
        {
            if (k.StartsWith(dotted, StringComparison.Ordinal) && int.TryParse(k.AsSpan(dotted.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                result.Add((i, v));
        }
        return result.OrderBy(r => r.Index).Select(r => r.Value).ToList();
    }

    /// <summary>Indexes N present under "Prefix.N.*" (structure lists such as Filter.N.Name).</summary>
    public List<int> StructIndexes(string prefix)
    {
        var dotted = prefix + ".";
        var set = new SortedSet<int>();
        foreach (var k in _values.Keys)
        {
            if (!k.StartsWith(dotted, StringComparison.Ordinal)) continue;
            var rest = k.AsSpan(dotted.Length);
            var dot = rest.IndexOf('.');
            if (dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var i)) set.Add(i);
        }
        return set.ToList();
    }
}
