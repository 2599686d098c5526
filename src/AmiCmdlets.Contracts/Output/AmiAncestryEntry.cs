using System;

namespace AmiCmdlets;

/// <summary>
/// One image of an image's ancestry (Get-AmiAncestry): the image itself first (Generation 0), then the image it was
/// copied or captured from (1), back to the root. ImageId and Region pipe into Get-Ami and Get-AmiUsage.
/// </summary>
public sealed class AmiAncestryEntry : AmiOutput
{
    /// <summary>0 for the image asked about, 1 for its source, and so on back to the root.</summary>
    public int Generation { get; internal set; }
    public string ImageId { get; internal set; } = "";

    /// <summary>Where this image lives (a copy's source may be in another region).</summary>
    public string Region { get; internal set; } = "";
    public string? SourceImageId { get; internal set; }
    public string? SourceRegion { get; internal set; }

    /// <summary>amazon, aws-marketplace or aws-backup-vault when AWS published the image; null for an account's own.</summary>
    public string? OwnerAlias { get; internal set; }
    public DateTime? CreationDate { get; internal set; }

    /// <summary>The image whose ancestry this is (Generation 0's ImageId).</summary>
    public string DescendantImageId { get; internal set; } = "";

    /// <summary>The last entry: no source known (a public base image, or an image registered from snapshots).</summary>
    public bool IsRoot => SourceImageId == null;

    public override string ToString() => ImageId;
}
