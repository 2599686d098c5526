using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// Test-AmiTrust's judgement of one image: where it comes from, how old and how vulnerable it is, and whether it
/// passes the policy given (Trusted), with the reasons against. ImageId and Region pipe on.
/// </summary>
public sealed class AmiTrustReport : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    public AmiSource Source { get; internal set; }
    public bool VerifiedProvider { get; internal set; }
    public string OwnerId { get; internal set; } = "";
    public string? OwnerAlias { get; internal set; }
    public DateTime? CreationDate { get; internal set; }
    public int? AgeDays { get; internal set; }
    public bool Deprecated { get; internal set; }
    public DateTime? DeprecationTime { get; internal set; }
    public bool Public { get; internal set; }

    /// <summary>Marketplace product codes: the image may carry software fees on top of the instance price.</summary>
    public IReadOnlyList<string> ProductCodes { get; internal set; } = Array.Empty<string>();

    /// <summary>The account's Allowed AMIs verdict; null when EC2 does not give one (Allowed AMIs disabled).</summary>
    public bool? ImageAllowed { get; internal set; }

    /// <summary>Amazon Inspector findings by severity (GetImageFindings); null when they could not be read.</summary>
    public int? CriticalFindings { get; internal set; }
    public int? HighFindings { get; internal set; }
    public int? MediumFindings { get; internal set; }
    public int? LowFindings { get; internal set; }

    /// <summary>The first image of the chain this one was copied or captured from (GetImageAncestry); itself when it has no parent.</summary>
    public string? AncestryRootImageId { get; internal set; }
    public string? AncestryRootRegion { get; internal set; }
    public string? AncestryRootOwnerAlias { get; internal set; }

    public bool Trusted { get; internal set; }

    /// <summary>Why the image fails the policy; empty when Trusted.</summary>
    public IReadOnlyList<string> Reasons { get; internal set; } = Array.Empty<string>();

    public override string ToString() => ImageId;
}
