using System;
using System.Collections.Generic;

namespace AmiCmdlets.Engine.Governance;

/// <summary>What Allowed AMIs criteria look at, from DescribeImages or from an instance's image metadata.</summary>
public sealed class ImageFacts
{
    public string ImageId { get; set; } = "";
    public string? Name { get; set; }
    public string? OwnerId { get; set; }
    public string? OwnerAlias { get; set; }
    public DateTime? CreationDate { get; set; }
    public DateTime? DeprecationTime { get; set; }
    public IReadOnlyCollection<string> ProductCodes { get; set; } = Array.Empty<string>();
}
