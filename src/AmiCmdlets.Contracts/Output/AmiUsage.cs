using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// Who uses an image: one row per account and resource type (Get-AmiUsage). The owner's own account is read
/// live (DescribeImageReferences, with the resource ids); other accounts come from an image usage report, as of
/// its ReportTime, with counts only (the owner cannot see their resources). An image nothing uses is one row
/// with Count 0 and no UsedByAccountId.
/// </summary>
public sealed class AmiUsage : AmiOutput
{
    public string ImageId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string Name { get; internal set; } = "";

    /// <summary>
    /// The account whose resources use the image. Not "AccountId": that name is the place an object was read in
    /// (the image owner's account) and binds by property name into the next command, which must act there.
    /// </summary>
    public string? UsedByAccountId { get; internal set; }

    /// <summary>ec2:Instance, ec2:LaunchTemplate, ssm:Parameter, imagebuilder:ImageRecipe, imagebuilder:ContainerRecipe; null when nothing uses it.</summary>
    public string? ResourceType { get; internal set; }
    public long Count { get; internal set; }

    /// <summary>The instance and launch template ids (ARNs for other types): only for the owner's own account.</summary>
    public IReadOnlyList<string> ResourceIds { get; internal set; } = Array.Empty<string>();

    /// <summary>When the image was last launched by anyone (EC2 updates it within a day or so).</summary>
    public DateTime? LastLaunchedTime { get; internal set; }

    /// <summary>The image usage report the row comes from; null for the owner's own account (read live).</summary>
    public string? ReportId { get; internal set; }

    /// <summary>When the report was made: other accounts' counts are as of then.</summary>
    public DateTime? ReportTime { get; internal set; }

    public override string ToString() => ImageId;
}
