using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Input;

/// <summary>
/// EC2's tag rules, checked before any call rather than left to AWS (which answers only after the
/// pre-flight reads, with a generic error): keys of 1-128 characters that do not start with aws:
/// (AWS's own prefix), values of 0-256 characters, at most 50 tags on one resource.
/// </summary>
public static class TagRules
{
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;
    public const int MaxTagsPerResource = 50;

    /// <summary>aws: keys belong to AWS: callers cannot set them (any case), only read and filter by them.</summary>
    public static bool IsReserved(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Null when one tag is fine; else the message. <paramref name="toWrite"/> false is a filter: aws: keys
    /// may be read, and the 50-tag limit is no concern.
    /// </summary>
    public static string? Problem(string? key, string? value, bool toWrite)
    {
        if (string.IsNullOrEmpty(key)) return "A tag key cannot be empty. Use @{ Team = 'web'; Stage = 'golden' }.";
        if (key!.Length > MaxKeyLength)
            return "The tag key " + InputText.Quote(key) + " is longer than EC2's " + MaxKeyLength + " characters (it has " + key.Length + ").";
        if (toWrite && IsReserved(key))
            return "The tag key " + InputText.Quote(key) + " starts with aws:, which is reserved for AWS; choose a key without that prefix.";
        if (value == null)
            return "The tag " + InputText.Quote(key) + " has no value ($null). Give a value, or '' for an empty one" + (toWrite ? "." : " ('*' matches any value).");
        if (value.Length > MaxValueLength)
            return "The value of tag " + InputText.Quote(key) + " is longer than EC2's " + MaxValueLength + " characters (it has " + value.Length + ").";
        return null;
    }

    /// <summary>Null when this many tags fit on one resource; else the message.</summary>
    public static string? CountProblem(int count, string what) =>
        count <= MaxTagsPerResource ? null
            : what + " come to " + count + " tags; EC2 allows at most " + MaxTagsPerResource + " on one resource.";

    /// <summary>Throws TooManyTags when a merged set (given tags plus copied ones) would not fit on the new image.</summary>
    public static void RequireFits(IReadOnlyDictionary<string, string> tags, string target, string what)
    {
        var problem = CountProblem(tags.Count, what);
        if (problem != null) throw new AmiOperationException(ErrorIds.TooManyTags, AmiErrorCategory.InvalidArgument, target, problem);
    }

    /// <summary>The tags a caller may copy from another resource: all but AWS's own aws: tags.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Copyable(IEnumerable<KeyValuePair<string, string>> tags) =>
        tags.Where(tag => !IsReserved(tag.Key));
}
