using System;
using System.Collections.Generic;

namespace AmiCmdlets.Engine.Capture;

/// <summary>What New-GoldenAmi was asked to do for one instance.</summary>
public sealed class CaptureRequest
{
    public string InstanceId { get; set; } = "";
    public string NameTemplate { get; set; } = "";
    public string? Description { get; set; }
    public bool NoReboot { get; set; }
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> SnapshotTags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public bool CopyInstanceTags { get; set; }
    public IReadOnlyList<string> ExcludeDevices { get; set; } = new string[0];
    public DateTime? DeprecateAtUtc { get; set; }
    public bool EnableDeregistrationProtection { get; set; }
    /// <summary>-RequireTrustedSource: the instance's image must pass this policy before anything is captured.</summary>
    public Trust.AmiTrustPolicy? TrustPolicy { get; set; }
}
