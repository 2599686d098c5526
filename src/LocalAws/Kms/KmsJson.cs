using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>
/// A KMS (JSON 1.1) request body. Type errors are SerializationException and constraint violations
/// ValidationException with AWS's "1 validation error detected" wording and camelCase member names.
/// </summary>
internal sealed class KmsRequest
{
    private readonly JsonElement _root;

    private KmsRequest(JsonElement root) => _root = root;

    public static KmsRequest Parse(byte[] body)
    {
        if (body.Length == 0) return new KmsRequest(JsonDocument.Parse("{}").RootElement);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Serialization();
            return new KmsRequest(doc.RootElement.Clone());
        }
        catch (JsonException) { throw Serialization(); }
    }

    public bool Has(string name) => _root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name, int min = 1, int max = int.MaxValue)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw Serialization();
        var s = v.GetString()!;
        if (s.Length < min) throw Validation($"Value '{s}' at '{Member(name)}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (s.Length > max) throw Validation($"Value '{s}' at '{Member(name)}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        return s;
    }

    public string Required(string name, int min = 1, int max = int.MaxValue) =>
        String(name, min, max) ?? throw Validation($"Value null at '{Member(name)}' failed to satisfy constraint: Member must not be null");

    public bool? Bool(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Serialization(),
        };
    }

    public int? Int(string name, int min, int max)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i)) throw Serialization();
        if (i < min) throw Validation($"Value '{i}' at '{Member(name)}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        if (i > max) throw Validation($"Value '{i}' at '{Member(name)}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        return i;
    }

    public List<string>? StringList(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Serialization();
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Serialization();
            list.Add(item.GetString()!);
        }
        return list;
    }

    public byte[]? Blob(string name)
    {
        var s = String(name, min: 0);
        if (s is null) return null;
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { throw Serialization(); }
    }

    /// <summary>[{"TagKey":..,"TagValue":..}], checked as KMS checks tags (TagException).</summary>
    public List<KeyValuePair<string, string>>? Tags(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Serialization();
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("TagKey", out var k) || k.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("TagValue", out var val) || val.ValueKind != JsonValueKind.String)
                throw Serialization();
            var key = k.GetString()!;
            var value = val.GetString()!;
            if (key.Length is < 1 or > 128) throw Validation($"Value '{key}' at 'tags.{tags.Count + 1}.member.tagKey' failed to satisfy constraint: Member must have length between 1 and 128");
            if (value.Length > 256) throw Validation($"Value '{value}' at 'tags.{tags.Count + 1}.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256");
            if (key.StartsWith("aws:", StringComparison.Ordinal)) throw new AwsException("TagException", "Tags beginning with aws: are reserved");
            if (tags.Any(t => t.Key == key)) throw new AwsException("TagException", $"Duplicate tag keys: {key}");
            tags.Add(new(key, value));
        }
        return tags;
    }

    /// <summary>The raw JSON of an object member in canonical form (keys sorted), or null.</summary>
    public string? CanonicalObject(string name)
    {
        if (!_root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw Serialization();
        return Canonical(v);
    }

    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        _ => e.GetRawText(),
    };

    public static string Member(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public static AwsException Validation(string detail) => new("ValidationException", "1 validation error detected: " + detail);

    private static AwsException Serialization() => new("SerializationException", "Start of structure or map found where not expected.");
}

/// <summary>Builds a KMS JSON response with KMS's conventions (timestamps as epoch seconds, blobs base64).</summary>
internal sealed class KmsResponse : IDisposable
{
    private readonly MemoryStream _buffer = new();

    public KmsResponse()
    {
        Writer = new Utf8JsonWriter(_buffer);
        Writer.WriteStartObject();
    }

    public Utf8JsonWriter Writer { get; }

    public KmsResponse Str(string name, string? value)
    {
        if (value is not null) Writer.WriteString(name, value);
        return this;
    }

    public KmsResponse Bool(string name, bool value)
    {
        Writer.WriteBoolean(name, value);
        return this;
    }

    public KmsResponse Int(string name, int? value)
    {
        if (value is { } v) Writer.WriteNumber(name, v);
        return this;
    }

    public KmsResponse Time(string name, DateTimeOffset? value)
    {
        if (value is { } t) Writer.WriteNumber(name, EpochSeconds(t));
        return this;
    }

    public KmsResponse Strings(string name, IEnumerable<string> values)
    {
        Writer.WriteStartArray(name);
        foreach (var v in values) Writer.WriteStringValue(v);
        Writer.WriteEndArray();
        return this;
    }

    public KmsResponse Blob(string name, byte[] value)
    {
        Writer.WriteBase64String(name, value);
        return this;
    }

    /// <summary>The KMS paging trailer: NextMarker only while more items exist.</summary>
    public KmsResponse Paging(string? nextMarker)
    {
        Str("NextMarker", nextMarker);
        return Bool("Truncated", nextMarker is not null);
    }

    public AwsResponse Build()
    {
        Writer.WriteEndObject();
        Writer.Flush();
        return new AwsResponse(200, "application/x-amz-json-1.1", Encoding.UTF8.GetString(_buffer.ToArray()));
    }

    public static AwsResponse Empty() => new(200, "application/x-amz-json-1.1", "");

    public static decimal EpochSeconds(DateTimeOffset t) =>
        decimal.Round(t.ToUnixTimeMilliseconds() / 1000m, 3);

    public void Dispose()
    {
        Writer.Dispose();
        _buffer.Dispose();
    }
}

/// <summary>Opaque KMS paging markers: the position after which the next page starts.</summary>
internal static class KmsMarker
{
    public static string Encode(string kind, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"localaws-{kind}:{offset.ToString(CultureInfo.InvariantCulture)}"));

    public static int Decode(string kind, string? marker)
    {
        if (marker is null) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            var prefix = $"localaws-{kind}:";
            if (text.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException) { }
        throw new AwsException("InvalidMarkerException", "Invalid marker");
    }

    /// <summary>One page of a list that KMS keeps in a stable order: items [offset, offset+limit) and the marker for the rest.</summary>
    public static (List<T> Page, string? Next) Page<T>(IReadOnlyList<T> items, string kind, string? marker, int limit)
    {
        var offset = Decode(kind, marker);
        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < items.Count ? Encode(kind, offset + page.Count) : null;
        return (page, next);
    }
}
