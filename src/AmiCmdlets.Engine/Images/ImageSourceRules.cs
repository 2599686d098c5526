using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.BaseImages;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// Where an image comes from, decided once for every Ami: from its owner alias, owner id, product codes, public
/// flag and whether the reader owns it. The owner alias is set by AWS (an Amazon-maintained list), so it cannot be
/// faked; an image name can.
/// </summary>
internal static class ImageSourceRules
{
    public const string Amazon = "amazon";
    public const string Marketplace = "aws-marketplace";
    public const string BackupVault = "aws-backup-vault";

    /// <summary>
    /// The source of <paramref name="image"/> as <paramref name="callerAccount"/> sees it. Without a caller (readers
    /// that only ever read their own images by id) a private image counts as the reader's own.
    /// </summary>
    public static AmiSource SourceOf(Image image, string? callerAccount)
    {
        var alias = image.ImageOwnerAlias;
        if (alias == BackupVault) return AmiSource.Backup;
        if (callerAccount != null && image.OwnerId == callerAccount) return AmiSource.Custom;
        if (alias == Amazon || BaseImageCatalogue.IsVerifiedPublisher(image.OwnerId ?? "")) return AmiSource.QuickStart;
        if (alias == Marketplace || HasMarketplaceCode(image)) return AmiSource.Marketplace;
        if (image.Public == true) return AmiSource.Community;
        return callerAccount == null ? AmiSource.Custom : AmiSource.SharedWithYou;
    }

    /// <summary>Amazon, AWS Marketplace (its sellers are vetted) or a publisher account the catalogue documents.</summary>
    public static bool IsVerifiedProvider(string? ownerAlias, string? ownerId) =>
        ownerAlias == Amazon || ownerAlias == Marketplace || BaseImageCatalogue.IsVerifiedPublisher(ownerId ?? "");

    /// <summary>
    /// Whether <see cref="SourceOf"/> needs to know who reads the image: any image of an ordinary account, public or
    /// not, with product codes or not, may be the reader's own. Amazon's, AWS Backup's and publishers' never are.
    /// </summary>
    public static bool NeedsCaller(Image image) =>
        image.ImageOwnerAlias == null && !BaseImageCatalogue.IsVerifiedPublisher(image.OwnerId ?? "");

    public static IReadOnlyList<string> MarketplaceCodes(Image image) =>
        (image.ProductCodes ?? new List<ProductCode>()).Select(c => c.ProductCodeId ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    private static bool HasMarketplaceCode(Image image) =>
        image.ProductCodes != null && image.ProductCodes.Any(c => c.ProductCodeType?.Value == "marketplace");

    /// <summary>
    /// The DescribeImages scope that can hold images of <paramref name="sources"/> when the user named no owner:
    /// owners for the sources that have them, ExecutableBy self for shared images alone, everything visible when
    /// community images are asked for.
    /// </summary>
    public static (List<string> Owners, List<string> ExecutableBy) ScopeFor(IReadOnlyCollection<AmiSource> sources)
    {
        if (sources.Contains(AmiSource.Community)) return (new List<string>(), new List<string>());
        if (sources.Count == 1 && sources.Contains(AmiSource.SharedWithYou)) return (new List<string>(), new List<string> { "self" });
        if (sources.Contains(AmiSource.SharedWithYou)) return (new List<string>(), new List<string>());
        var owners = new List<string>();
        foreach (var source in sources)
        {
            switch (source)
            {
                case AmiSource.QuickStart: owners.Add(Amazon); owners.AddRange(BaseImageCatalogue.VerifiedPublisherAccounts); break;
                case AmiSource.Marketplace: owners.Add(Marketplace); break;
                case AmiSource.Backup: owners.Add(BackupVault); break;
                case AmiSource.Custom: owners.Add("self"); break;
            }
        }
        return (owners.Distinct(StringComparer.Ordinal).ToList(), new List<string>());
    }
}
