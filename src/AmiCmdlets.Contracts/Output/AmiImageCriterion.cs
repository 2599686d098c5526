using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets;

/// <summary>
/// One Allowed AMIs criterion: an image matches when every field given matches (the values of a field are
/// alternatives). An account's own images are always allowed, whatever the criteria.
/// </summary>
public sealed class AmiImageCriterion
{
    /// <summary>amazon, aws-marketplace, aws-backup-vault, account ids, or none (only your own images).</summary>
    public IReadOnlyList<string> ImageProvider { get; internal set; } = Array.Empty<string>();

    /// <summary>Image names, with * and ? wildcards.</summary>
    public IReadOnlyList<string> ImageName { get; internal set; } = Array.Empty<string>();
    public IReadOnlyList<string> MarketplaceProductCode { get; internal set; } = Array.Empty<string>();

    /// <summary>The most days since the image was created.</summary>
    public int? MaxImageAgeDays { get; internal set; }

    /// <summary>The most days since the image was deprecated (an image not deprecated matches).</summary>
    public int? MaxDaysSinceDeprecation { get; internal set; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (ImageProvider.Count > 0) parts.Add("provider " + string.Join("|", ImageProvider));
        if (ImageName.Count > 0) parts.Add("name " + string.Join("|", ImageName));
        if (MarketplaceProductCode.Count > 0) parts.Add("product code " + string.Join("|", MarketplaceProductCode));
        if (MaxImageAgeDays != null) parts.Add("at most " + MaxImageAgeDays + " days old");
        if (MaxDaysSinceDeprecation != null) parts.Add("deprecated at most " + MaxDaysSinceDeprecation + " days ago");
        return parts.Count == 0 ? "any image" : string.Join(" and ", parts);
    }

    internal bool SameAs(AmiImageCriterion other) =>
        ImageProvider.SequenceEqual(other.ImageProvider) && ImageName.SequenceEqual(other.ImageName) &&
        MarketplaceProductCode.SequenceEqual(other.MarketplaceProductCode) && MaxImageAgeDays == other.MaxImageAgeDays &&
        MaxDaysSinceDeprecation == other.MaxDaysSinceDeprecation;
}
