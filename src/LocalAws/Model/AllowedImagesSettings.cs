using LocalAws.Protocol;

namespace LocalAws.Model;

/// <summary>
/// Allowed AMIs for one account and region (AWS: "Control the discovery and use of AMIs with Allowed AMIs").
/// An image is allowed when it is the account's own or matches any criterion; within a criterion every field
/// given must match (each field's values OR). Disabled: no verdict.
/// </summary>
internal sealed class AllowedImagesSettings
{
    public const string Disabled = "disabled";
    public const string Enabled = "enabled";
    public const string AuditMode = "audit-mode";

    public string State { get; set; } = Disabled;
    public List<AllowedImageCriterion> Criteria { get; set; } = new();

    /// <summary>Whether <paramref name="viewer"/> may discover and use <paramref name="image"/>; null while disabled.</summary>
    public bool? Verdict(Image image, string viewer, DateTimeOffset now) =>
        State == Disabled ? null : image.OwnerId == viewer || Criteria.Any(c => c.Matches(image, viewer, now));

    /// <summary>Launching is refused only when enabled (audit mode only reports).</summary>
    public bool Blocks(Image image, string viewer, DateTimeOffset now) => State == Enabled && Verdict(image, viewer, now) == false;
}

internal sealed class AllowedImageCriterion
{
    public List<string> ImageProviders { get; init; } = new();
    public List<string> ImageNames { get; init; } = new();
    public List<string> MarketplaceProductCodes { get; init; } = new();
    public int? MaximumDaysSinceCreated { get; init; }
    public int? MaximumDaysSinceDeprecated { get; init; }

    public bool Matches(Image image, string viewer, DateTimeOffset now)
    {
        if (ImageProviders.Count > 0 && !ImageProviders.Any(p => p switch
            {
                "none" => image.OwnerId == viewer,
                "amazon" or "aws-marketplace" or "aws-backup-vault" => image.OwnerAlias == p,
                _ => image.OwnerId == p,
            })) return false;
        if (ImageNames.Count > 0 && !Wildcard.AnyMatch(ImageNames, image.Name)) return false;
        if (MarketplaceProductCodes.Count > 0 && !image.ProductCodes.Any(c => MarketplaceProductCodes.Contains(c.Code))) return false;
        if (MaximumDaysSinceCreated is { } created && (now - image.CreationDate).TotalDays > created) return false;
        if (MaximumDaysSinceDeprecated is { } deprecated && image.DeprecationTime is { } since && since <= now && (now - since).TotalDays > deprecated) return false;
        return true;
    }
}
