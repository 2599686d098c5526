using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// Allowed AMIs per account and region: GetAllowedImagesSettings, EnableAllowedImagesSettings (enabled | audit-mode),
/// DisableAllowedImagesSettings and ReplaceImageCriteriaInAllowedImagesSettings, with the documented limits (10
/// criteria; per criterion 200 providers, 50 names, 50 product codes; 'none' alone). ManagedBy is always
/// 'account' (no declarative policies). The error texts are guesses.
/// </summary>
internal static partial class AllowedImagesSettingsApi
{
    public static AllowedImagesSettings Of(AwsCall call) => call.State.Scope(call.Account, call.Region).AllowedImages;

    public static AwsResponse GetAllowedImagesSettings(AwsCall call)
    {
        var settings = Of(call);
        var xml = Ec2Api.Begin(call).Elem("state", settings.State).Open("imageCriterionSet");
        foreach (var c in settings.Criteria)
        {
            xml.Open("item");
            List(xml, "imageProviderSet", c.ImageProviders);
            List(xml, "imageNameSet", c.ImageNames);
            List(xml, "marketplaceProductCodeSet", c.MarketplaceProductCodes);
            if (c.MaximumDaysSinceCreated is { } created) xml.Open("creationDateCondition").Elem("maximumDaysSinceCreated", created).Close();
            if (c.MaximumDaysSinceDeprecated is { } deprecated) xml.Open("deprecationTimeCondition").Elem("maximumDaysSinceDeprecated", deprecated).Close();
            xml.Close();
        }
        xml.Close().Elem("managedBy", "account");
        return Ec2Api.End(xml);
    }

    public static AwsResponse EnableAllowedImagesSettings(AwsCall call)
    {
        var state = call.Params.Required("AllowedImagesSettingsState");
        if (state is not (AllowedImagesSettings.Enabled or AllowedImagesSettings.AuditMode))
            throw new AwsException("InvalidParameterValue", $"Value ({state}) for parameter AllowedImagesSettingsState is invalid. Expected: 'enabled' or 'audit-mode'.");
        DryRun(call);
        Of(call).State = state;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("allowedImagesSettingsState", state));
    }

    public static AwsResponse DisableAllowedImagesSettings(AwsCall call)
    {
        DryRun(call);
        Of(call).State = AllowedImagesSettings.Disabled;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("allowedImagesSettingsState", AllowedImagesSettings.Disabled));
    }

    public static AwsResponse ReplaceImageCriteriaInAllowedImagesSettings(AwsCall call)
    {
        var p = call.Params;
        var criteria = new List<AllowedImageCriterion>();
        foreach (var i in p.StructIndexes("ImageCriterion"))
        {
            var prefix = "ImageCriterion." + i + ".";
            var criterion = new AllowedImageCriterion
            {
                ImageProviders = p.List(prefix + "ImageProvider"),
                ImageNames = p.List(prefix + "ImageName"),
                MarketplaceProductCodes = p.List(prefix + "MarketplaceProductCode"),
                MaximumDaysSinceCreated = p.Int(prefix + "CreationDateCondition.MaximumDaysSinceCreated"),
                MaximumDaysSinceDeprecated = p.Int(prefix + "DeprecationTimeCondition.MaximumDaysSinceDeprecated"),
            };
            Check(criterion);
            criteria.Add(criterion);
        }
        if (criteria.Count > 10)
            throw new AwsException("InvalidParameterValue", $"You can specify up to 10 image criteria, but {criteria.Count} were specified.");
        DryRun(call);
        Of(call).Criteria = criteria;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("returnValue", true));
    }

    private static void Check(AllowedImageCriterion c)
    {
        if (c.ImageProviders.Count > 200) throw Invalid("ImageProvider", "up to 200 image providers per criterion");
        if (c.ImageNames.Count > 50) throw Invalid("ImageName", "up to 50 image names per criterion");
        if (c.MarketplaceProductCodes.Count > 50) throw Invalid("MarketplaceProductCode", "up to 50 product codes per criterion");
        if (c.ImageProviders.Contains("none") && c.ImageProviders.Count > 1) throw Invalid("ImageProvider", "'none' cannot be combined with other providers");
        foreach (var provider in c.ImageProviders)
        {
            if (provider is not ("none" or "amazon" or "aws-marketplace" or "aws-backup-vault") && !AccountId().IsMatch(provider))
                throw Invalid("ImageProvider", $"'{provider}' is not amazon, aws-marketplace, aws-backup-vault, none or a 12-digit account id");
        }
        foreach (var name in c.ImageNames)
        {
            if (name.Length is < 1 or > 128) throw Invalid("ImageName", "names are 1-128 characters");
        }
        if (c.MaximumDaysSinceCreated is < 0 or > 2147483647) throw Invalid("MaximumDaysSinceCreated", "a number of days");
        if (c.MaximumDaysSinceDeprecated is < 0) throw Invalid("MaximumDaysSinceDeprecated", "a number of days");
    }

    private static AwsException Invalid(string parameter, string why) =>
        new("InvalidParameterValue", $"Invalid value for parameter {parameter}: {why}.");

    private static void DryRun(AwsCall call)
    {
        if (call.Params.Bool("DryRun")) throw new AwsException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    }

    private static void List(XmlOut xml, string name, List<string> values)
    {
        if (values.Count == 0) return;
        xml.Open(name);
        foreach (var value in values) xml.Elem("item", value);
        xml.Close();
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
