using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Capture;

/// <summary>
/// AMI name templates: {date} (yyyy-MM-dd), {timestamp} (yyyyMMddHHmmss), {instance} (the instance id),
/// {name} (the instance's Name tag), all in UTC. Unknown placeholders are an error, not literal text.
/// </summary>
public static class NameTemplate
{
    private static readonly Regex Placeholder = new Regex(@"\{([^{}]*)\}", RegexOptions.CultureInvariant);
    private static readonly string[] Known = { "date", "timestamp", "instance", "name" };

    /// <summary>
    /// Checks a template before any call: known placeholders only, and a valid AMI name once expanded
    /// with sample values ({name} is checked again with the real tag).
    /// </summary>
    public static void Validate(string template)
    {
        var unknown = new List<string>();
        foreach (Match match in Placeholder.Matches(template))
        {
            if (Array.IndexOf(Known, match.Groups[1].Value.ToLowerInvariant()) < 0) unknown.Add(match.Value);
        }
        if (unknown.Count > 0)
        {
            throw new AmiOperationException(ErrorIds.InvalidNameTemplate, AmiErrorCategory.InvalidArgument, template,
                "The name template '" + template + "' has unknown placeholder(s) " + string.Join(", ", unknown) +
                ". Use {date}, {timestamp}, {instance} or {name}.");
        }
        AmiNameRules.Require(Expand(template, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "i-0123456789abcdef0", "web"), template);
    }

    public static string Expand(string template, DateTime utcNow, string? instanceId, string? instanceName)
    {
        return Placeholder.Replace(template, match =>
        {
            switch (match.Groups[1].Value.ToLowerInvariant())
            {
                case "date": return utcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case "timestamp": return utcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                case "instance": return instanceId ?? match.Value;
                case "name":
                    if (string.IsNullOrEmpty(instanceName))
                    {
                        throw new AmiOperationException(ErrorIds.InstanceHasNoName, AmiErrorCategory.InvalidData, instanceId,
                            "The name template uses {name}, but instance " + instanceId + " has no Name tag. Tag it, or use {instance}.");
                    }
                    return instanceName!;
                default: return match.Value;
            }
        });
    }
}
