using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>An Amazon Machine Image as the cmdlets show it. Region says where the image lives.</summary>
public sealed class Ami : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Name { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string State { get; internal set; } = "";
    public DateTime? CreationDate { get; internal set; }
    public string OwnerId { get; internal set; } = "";
    public string? OwnerAlias { get; internal set; }
    public string? Description { get; internal set; }
    public string? Architecture { get; internal set; }
    public string? Platform { get; internal set; }
    public bool Public { get; internal set; }
    public bool Encrypted { get; internal set; }
    public IReadOnlyList<string> KmsKeyIds { get; internal set; } = Array.Empty<string>();
    public IReadOnlyList<string> SnapshotIds { get; internal set; } = Array.Empty<string>();
    public IReadOnlyList<AmiBlockDevice> BlockDevices { get; internal set; } = Array.Empty<AmiBlockDevice>();
    public IReadOnlyDictionary<string, string> Tags { get; internal set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public DateTime? DeprecationTime { get; internal set; }
    public bool DeregistrationProtection { get; internal set; }
    public string? SourceImageId { get; internal set; }
    public string? SourceRegion { get; internal set; }
    public string? ImdsSupport { get; internal set; }
    public string? BootMode { get; internal set; }
    public DateTime? LastLaunchedTime { get; internal set; }
    public string? StateReason { get; internal set; }

    /// <summary>Where the image comes from (owner alias, owner id, product codes, public flag, yours or not).</summary>
    public AmiSource Source { get; internal set; }

    /// <summary>Published by Amazon, AWS Marketplace or a verified OS publisher's documented account.</summary>
    public bool VerifiedProvider { get; internal set; }

    /// <summary>Marketplace product codes: the image (or the one it was made from) may carry software fees.</summary>
    public IReadOnlyList<string> ProductCodes { get; internal set; } = Array.Empty<string>();

    /// <summary>The account's Allowed AMIs verdict (null when Allowed AMIs is disabled and EC2 does not say).</summary>
    public bool? ImageAllowed { get; internal set; }

    public bool? FreeTierEligible { get; internal set; }

    /// <summary>Sum of the backing EBS volume sizes: an upper bound of the snapshot storage.</summary>
    public int SnapshotGiB
    {
        get
        {
            int total = 0;
            foreach (var device in BlockDevices) total += device.SizeGiB ?? 0;
            return total;
        }
    }

    public override string ToString() => ImageId;
}
