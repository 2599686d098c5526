using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>
/// An instance whose image should no longer be launched (Find-InstanceOnOutdatedAmi), with what EC2 still knows
/// of the image even when it is gone, and why it is outdated.
/// </summary>
public sealed class InstanceOnOutdatedAmi : AmiOutput
{
    public string InstanceId { get; internal set; } = "";
    public string Region { get; internal set; } = "";
    public string InstanceState { get; internal set; } = "";
    public string? InstanceType { get; internal set; }
    public DateTime? LaunchTime { get; internal set; }
    public IReadOnlyDictionary<string, string> Tags { get; internal set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public string ImageId { get; internal set; } = "";
    public string? ImageName { get; internal set; }

    /// <summary>available, disabled, deregistered... as EC2 describes the image now.</summary>
    public string? ImageState { get; internal set; }
    public string? ImageOwnerId { get; internal set; }
    public DateTime? ImageCreationDate { get; internal set; }
    public DateTime? ImageDeprecationTime { get; internal set; }

    /// <summary>Deprecated, Disabled, Deregistered, NotShared, NotAllowed, Old: every one that applies.</summary>
    public IReadOnlyList<string> Reasons { get; internal set; } = Array.Empty<string>();

    public override string ToString() => InstanceId;
}
