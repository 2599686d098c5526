using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Engine.Governance;

/// <summary>
/// How Allowed AMIs judges an image, as AWS documents it: the account's own images are always allowed; another's
/// image is allowed when it matches any criterion, and matches one when every field given matches. Used to tell,
/// before the settings change, which images in use the new criteria would shut out.
/// </summary>
public static class AllowedImageRules
{
    public const string Enabled = "Enabled";
    public const string AuditMode = "AuditMode";
    public const string Disabled = "Disabled";

    public static readonly string[] Providers = { "amazon", "aws-marketplace", "aws-backup-vault", "none" };

    /// <summary>Our names for EC2's states (enabled, audit-mode, disabled).</summary>
    public static string StateOf(string? ec2State) => ec2State switch
    {
        "enabled" => Enabled,
        "audit-mode" => AuditMode,
        _ => Disabled,
    };

    public static string Ec2StateOf(string state) => state == AuditMode ? "audit-mode" : state == Enabled ? "enabled" : "disabled";

    public static bool Allows(IReadOnlyList<AmiImageCriterion> criteria, ImageFacts image, string? viewerAccount, DateTime nowUtc) =>
        (viewerAccount != null && image.OwnerId == viewerAccount) || criteria.Any(c => Matches(c, image, viewerAccount, nowUtc));

    public static bool Matches(AmiImageCriterion criterion, ImageFacts image, string? viewerAccount, DateTime nowUtc)
    {
        if (criterion.ImageProvider.Count > 0 && !criterion.ImageProvider.Any(p => p switch
            {
                "none" => image.OwnerId == viewerAccount,
                "amazon" or "aws-marketplace" or "aws-backup-vault" => image.OwnerAlias == p,
                _ => image.OwnerId == p,
            })) return false;
        if (criterion.ImageName.Count > 0 && !criterion.ImageName.Any(n => WildcardMatch(n, image.Name ?? ""))) return false;
        if (criterion.MarketplaceProductCode.Count > 0 && !image.ProductCodes.Any(criterion.MarketplaceProductCode.Contains)) return false;
        if (criterion.MaxImageAgeDays is { } age && image.CreationDate is { } created && (nowUtc - created).TotalDays > age) return false;
        if (criterion.MaxDaysSinceDeprecation is { } days && image.DeprecationTime is { } deprecated && deprecated <= nowUtc && (nowUtc - deprecated).TotalDays > days) return false;
        return true;
    }

    /// <summary>The documented limits, before any call: 'none' alone, known providers or account ids, 50 names and codes.</summary>
    public static void Validate(AmiImageCriterion criterion)
    {
        if (criterion.ImageProvider.Contains("none") && criterion.ImageProvider.Count > 1)
            throw Invalid("-ImageProvider none means only your own images and cannot go with other providers.");
        foreach (var provider in criterion.ImageProvider)
        {
            if (!Providers.Contains(provider) && !System.Text.RegularExpressions.Regex.IsMatch(provider, "^[0-9]{12}$"))
                throw Invalid("-ImageProvider " + InputText.Quote(provider) + " is not amazon, aws-marketplace, aws-backup-vault, none or a 12-digit account id.");
        }
        if (criterion.ImageProvider.Count > 200) throw Invalid("-ImageProvider takes at most 200 values.");
        if (criterion.ImageName.Count > 50) throw Invalid("-ImageName takes at most 50 names.");
        if (criterion.MarketplaceProductCode.Count > 50) throw Invalid("-MarketplaceProductCode takes at most 50 codes.");
        foreach (var name in criterion.ImageName)
            if (name.Length < 1 || name.Length > 128) throw Invalid("-ImageName " + InputText.Quote(name) + " is not 1 to 128 characters.");
    }

    private static AmiOperationException Invalid(string message) =>
        new AmiOperationException(ErrorIds.InvalidImageCriterion, AmiErrorCategory.InvalidArgument, null, message + " Nothing was changed.");

    private static bool WildcardMatch(string pattern, string value)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(value, regex, System.Text.RegularExpressions.RegexOptions.Singleline);
    }
}
