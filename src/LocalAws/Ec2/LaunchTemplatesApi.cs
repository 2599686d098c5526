using System.Globalization;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// CreateLaunchTemplate, CreateLaunchTemplateVersion, DescribeLaunchTemplates, DescribeLaunchTemplateVersions.
/// Only ImageId, InstanceType and the version description of the template data are kept.
/// </summary>
internal static partial class LaunchTemplatesApi
{
    public static AwsResponse CreateLaunchTemplate(AwsCall call)
    {
        var p = call.Params;
        var name = p.Required("LaunchTemplateName");
        if (!NamePattern().IsMatch(name))
            throw new AwsException("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
        var scope = call.State.Scope(call.Account, call.Region);
        if (scope.LaunchTemplates.Values.Any(t => t.Name == name))
            throw new AwsException("InvalidLaunchTemplateName.AlreadyExistsException", $"Launch template name already in use.");
        var tags = Ec2Common.TagSpecifications(p, "launch-template");
        var template = Add(call.State, call.Account, call.Region, name, p.Get("LaunchTemplateData.ImageId"), p.Get("LaunchTemplateData.InstanceType"), p.Get("VersionDescription"));
        Ec2Common.ApplyTags(template.Tags, tags, "launch-template");

        var xml = Ec2Api.Begin(call);
        WriteTemplate(xml, "launchTemplate", template, call.Principal.Arn);
        return Ec2Api.End(xml);
    }

    /// <summary>Creates a template with version 1 (also used by the control plane's seed).</summary>
    internal static LaunchTemplate Add(EmulatorState state, string account, string region, string name, string? imageId, string? instanceType, string? description)
    {
        var scope = state.Scope(account, region);
        if (scope.LaunchTemplates.Values.Any(t => t.Name == name)) throw new ArgumentException($"launch template '{name}' already exists");
        var template = new LaunchTemplate
        {
            LaunchTemplateId = state.Ids.Next("lt"), Name = name, Region = region, OwnerId = account, CreateTime = Truncate(state.Now),
        };
        template.Versions.Add(new LaunchTemplateVersion { Number = 1, Description = description, CreateTime = template.CreateTime, ImageId = imageId, InstanceType = instanceType });
        scope.LaunchTemplates.Add(template.LaunchTemplateId, template);
        return template;
    }

    public static AwsResponse CreateLaunchTemplateVersion(AwsCall call)
    {
        var p = call.Params;
        var template = Find(call, p.Get("LaunchTemplateId"), p.Get("LaunchTemplateName"))
            ?? throw new AwsException("MissingParameter", "The request must include either the launch template ID or name.");
        LaunchTemplateVersion? source = null;
        if (p.Get("SourceVersion") is { } sv) source = ResolveVersions(template, [sv]).Single();
        var version = new LaunchTemplateVersion
        {
            Number = template.LatestVersion + 1, Description = p.Get("VersionDescription"), CreateTime = Truncate(call.State.Now),
            ImageId = p.Get("LaunchTemplateData.ImageId") ?? source?.ImageId,
            InstanceType = p.Get("LaunchTemplateData.InstanceType") ?? source?.InstanceType,
        };
        template.Versions.Add(version);
        var xml = Ec2Api.Begin(call);
        WriteVersion(xml, "launchTemplateVersion", template, version, call.Principal.Arn);
        return Ec2Api.End(xml);
    }

    public static AwsResponse DescribeLaunchTemplates(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("LaunchTemplateId");
        var names = p.List("LaunchTemplateName");
        var maxResults = Ec2Common.MaxResults(p, ids.Count + names.Count, "launchTemplateIds", 1, 200);
        var scope = call.State.Scope(call.Account, call.Region);
        var selected = new List<LaunchTemplate>();
        foreach (var id in ids) selected.Add(Find(call, id, null)!);
        foreach (var name in names) selected.Add(Find(call, null, name)!);
        if (ids.Count + names.Count == 0) selected.AddRange(scope.LaunchTemplates.Values);

        var filters = new List<Func<LaunchTemplate, bool>>();
        foreach (var (name, values) in Ec2Api.Filters(p))
        {
            filters.Add(name switch
            {
                "launch-template-name" => t => Wildcard.AnyMatch(values, t.Name),
                "create-time" => t => Wildcard.AnyMatch(values, XmlOut.FormatTime(t.CreateTime)),
                "tag-key" => t => t.Tags.Keys.Any(k => Wildcard.AnyMatch(values, k)),
                _ when name.StartsWith("tag:", StringComparison.Ordinal) => t => t.Tags.TryGetValue(name[4..], out var v) && Wildcard.AnyMatch(values, v),
                _ => throw new AwsException("InvalidParameterValue", $"The filter '{name}' is invalid"),
            });
        }
        var (page, next) = Ec2Common.Page(selected.Distinct().Where(t => filters.All(f => f(t))), t => t.LaunchTemplateId, "launch-templates", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("launchTemplates");
        foreach (var t in page) WriteTemplate(xml, "item", t, $"arn:aws:iam::{t.OwnerId}:user/localaws");
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    /// <summary>
    /// As on AWS: with a template id or name, any versions (numbers, $Latest, $Default, or all of them);
    /// without one, only $Latest and/or $Default, which then describe those versions of every template.
    /// </summary>
    public static AwsResponse DescribeLaunchTemplateVersions(AwsCall call)
    {
        var p = call.Params;
        var versions = p.List("LaunchTemplateVersion");
        var template = Find(call, p.Get("LaunchTemplateId"), p.Get("LaunchTemplateName"));
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 200);

        var rows = new List<(LaunchTemplate Template, LaunchTemplateVersion Version)>();
        if (template is not null)
        {
            var selected = versions.Count > 0 ? ResolveVersions(template, versions) : template.Versions;
            var min = p.Int("MinVersion");
            var max = p.Int("MaxVersion");
            rows.AddRange(selected.Where(v => (min is null || v.Number >= min) && (max is null || v.Number <= max)).Select(v => (template, v)));
        }
        else
        {
            if (versions.Count == 0 || versions.Any(v => v is not ("$Latest" or "$Default")))
                throw new AwsException("MissingParameter", "The request must contain the parameter launchTemplateName or launchTemplateId (without them, only the versions $Latest and $Default may be requested).");
            foreach (var t in call.State.Scope(call.Account, call.Region).LaunchTemplates.Values)
                rows.AddRange(ResolveVersions(t, versions).Select(v => (t, v)));
        }

        var filters = new List<Func<LaunchTemplate, LaunchTemplateVersion, bool>>();
        foreach (var (name, values) in Ec2Api.Filters(p))
        {
            filters.Add(name switch
            {
                "image-id" => (_, v) => Wildcard.AnyMatch(values, v.ImageId),
                "instance-type" => (_, v) => Wildcard.AnyMatch(values, v.InstanceType),
                "is-default-version" => (t, v) => Wildcard.AnyMatch(values, t.DefaultVersion == v.Number ? "true" : "false"),
                "create-time" => (_, v) => Wildcard.AnyMatch(values, XmlOut.FormatTime(v.CreateTime)),
                _ => throw new AwsException("InvalidParameterValue", $"The filter '{name}' is invalid"),
            });
        }
        var matching = rows.Distinct().Where(r => filters.All(f => f(r.Template, r.Version)));
        var (page, next) = Ec2Common.Page(matching, r => r.Template.LaunchTemplateId + "/" + r.Version.Number.ToString("D6", CultureInfo.InvariantCulture),
            "launch-template-versions", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("launchTemplateVersionSet");
        foreach (var (t, v) in page) WriteVersion(xml, "item", t, v, $"arn:aws:iam::{t.OwnerId}:user/localaws");
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    /// <summary>RunInstances' LaunchTemplate.*: the image id and instance type of the chosen version (default version unless given).</summary>
    public static (string? ImageId, string? InstanceType) ResolveForRun(AwsCall call)
    {
        var p = call.Params;
        var template = Find(call, p.Get("LaunchTemplate.LaunchTemplateId"), p.Get("LaunchTemplate.LaunchTemplateName"));
        if (template is null) return (null, null);
        var version = ResolveVersions(template, [p.Get("LaunchTemplate.Version") ?? "$Default"]).Single();
        return (version.ImageId, version.InstanceType);
    }

    private static LaunchTemplate? Find(AwsCall call, string? id, string? name)
    {
        if (id is null && name is null) return null;
        if (id is not null && name is not null)
            throw new AwsException("InvalidParameterCombination", "You must specify either the launch template ID or the launch template name in the request, but not both.");
        var templates = call.State.Scope(call.Account, call.Region).LaunchTemplates;
        if (id is not null)
        {
            if (!IdPattern().IsMatch(id))
                throw new AwsException("InvalidLaunchTemplateId.Malformed", $"The specified ID for the launch template, {id}, is not valid. Make sure the ID is in the form lt-xxxxxxxxxxxxxxxxx.");
            return templates.GetValueOrDefault(id)
                ?? throw new AwsException("InvalidLaunchTemplateId.NotFound", $"The specified launch template, with template ID {id}, does not exist.");
        }
        return templates.Values.FirstOrDefault(t => t.Name == name)
            ?? throw new AwsException("InvalidLaunchTemplateName.NotFoundException", $"The specified launch template, with template name {name}, does not exist.");
    }

    private static List<LaunchTemplateVersion> ResolveVersions(LaunchTemplate template, IEnumerable<string> versions)
    {
        var result = new List<LaunchTemplateVersion>();
        foreach (var v in versions)
        {
            var number = v switch
            {
                "$Latest" => template.LatestVersion,
                "$Default" => template.DefaultVersion,
                _ when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => throw new AwsException("InvalidLaunchTemplateVersion.Malformed", $"The specified launch template version '{v}' is not valid."),
            };
            var version = template.Versions.FirstOrDefault(x => x.Number == number)
                ?? throw new AwsException("InvalidLaunchTemplateId.VersionNotFound", $"Could not find launch template version {v} for launch template {template.LaunchTemplateId}.");
            if (!result.Contains(version)) result.Add(version);
        }
        return result;
    }

    private static void WriteTemplate(XmlOut xml, string element, LaunchTemplate t, string createdBy)
    {
        xml.Open(element)
            .Elem("launchTemplateId", t.LaunchTemplateId)
            .Elem("launchTemplateName", t.Name)
            .Elem("createTime", t.CreateTime)
            .Elem("createdBy", createdBy)
            .Elem("defaultVersionNumber", t.DefaultVersion)
            .Elem("latestVersionNumber", t.LatestVersion);
        Ec2Api.WriteTagSet(xml, t.Tags);
        xml.Close();
    }

    private static void WriteVersion(XmlOut xml, string element, LaunchTemplate t, LaunchTemplateVersion v, string createdBy)
    {
        xml.Open(element)
            .Elem("launchTemplateId", t.LaunchTemplateId)
            .Elem("launchTemplateName", t.Name)
            .Elem("versionNumber", v.Number)
            .Elem("versionDescription", v.Description)
            .Elem("createTime", v.CreateTime)
            .Elem("createdBy", createdBy)
            .Elem("defaultVersion", t.DefaultVersion == v.Number)
            .Open("launchTemplateData").Elem("imageId", v.ImageId).Elem("instanceType", v.InstanceType).Close()
            .Close();
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [GeneratedRegex(@"^[a-zA-Z0-9().\-/_]{3,128}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^lt-([0-9a-f]{17})$")]
    private static partial Regex IdPattern();
}
