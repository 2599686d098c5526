using System;
using System.Collections.Generic;

namespace AmiCmdlets;

/// <summary>An account's Allowed AMIs settings in one region (Get-AmiAllowedSetting, Set-AmiAllowedSetting).</summary>
public sealed class AmiAllowedSetting : AmiOutput
{
    public string Region { get; internal set; } = "";

    /// <summary>Enabled (only matching images can be found and launched), AuditMode (ImageAllowed shown, nothing blocked) or Disabled.</summary>
    public string State { get; internal set; } = "Disabled";

    /// <summary>Images that match any criterion are allowed; none: only the account's own images (when Enabled).</summary>
    public IReadOnlyList<AmiImageCriterion> Criteria { get; internal set; } = Array.Empty<AmiImageCriterion>();

    /// <summary>account, or declarative-policy when an AWS Organizations policy sets it (and the account cannot change it).</summary>
    public string? ManagedBy { get; internal set; }
}
