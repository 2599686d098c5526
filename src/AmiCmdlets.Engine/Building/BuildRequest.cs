using System;
using System.Collections.Generic;

namespace AmiCmdlets.Engine.Building;

/// <summary>What Invoke-GoldenAmiBuild was asked to do: the build instance, its provisioning script and the capture.</summary>
public sealed class BuildRequest
{
    public string SourceImageId { get; set; } = "";
    public string InstanceType { get; set; } = "t3.micro";
    public string? SubnetId { get; set; }
    public IReadOnlyList<string> SecurityGroupIds { get; set; } = Array.Empty<string>();
    /// <summary>An instance profile name or ARN.</summary>
    public string? IamInstanceProfile { get; set; }
    public int? RootVolumeSizeGiB { get; set; }
    public string? RootVolumeType { get; set; }
    public bool Encrypted { get; set; }
    public string? KmsKeyId { get; set; }
    /// <summary>The provisioning script (shell for Linux, &lt;powershell&gt; for Windows); its last step shuts the instance down.</summary>
    public string UserData { get; set; } = "";
    /// <summary>A console line matching this (regex, case-insensitive) means the script failed.</summary>
    public string FailurePattern { get; set; } = BuildRules.DefaultFailurePattern;
    public bool KeepOnFailure { get; set; }

    // The capture, as New-GoldenAmi takes it.
    public string NameTemplate { get; set; } = "";
    public string? Description { get; set; }
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> SnapshotTags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public DateTime? DeprecateAtUtc { get; set; }
    public bool EnableDeregistrationProtection { get; set; }
}
