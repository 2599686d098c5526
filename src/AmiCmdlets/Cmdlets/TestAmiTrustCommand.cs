using System;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Trust;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Judges piped images: where each comes from, its age, deprecation, Marketplace codes, Allowed AMIs verdict,
/// Amazon Inspector findings and ancestry root, and whether it passes the policy given.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "AmiTrust")]
[OutputType(typeof(AmiTrustReport))]
[OutputType(typeof(bool))]
public sealed class TestAmiTrustCommand : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    /// <summary>Account ids or owner aliases whose images are trusted whatever their source; others fail.</summary>
    [Parameter]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.Owner)]
    [ValidatePattern(ResourceIds.OwnerPattern)]
    public string[]? TrustedOwner { get; set; }

    [Parameter]
    [ValidateRange(0, 36500)]
    public int? MaxAgeDays { get; set; }

    [Parameter]
    public SwitchParameter AllowMarketplace { get; set; }

    [Parameter]
    public SwitchParameter AllowCommunity { get; set; }

    [Parameter]
    [ValidateRange(0, 100000)]
    public int? MaxCriticalFindings { get; set; }

    /// <summary>Only $true or $false per image, for scripts.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    protected override void EndProcessing()
    {
        if (_images.IsEmpty) return;
        var policy = new AmiTrustPolicy
        {
            TrustedOwners = TrustedOwner ?? new string[0],
            MaxAgeDays = MaxAgeDays,
            AllowMarketplace = AllowMarketplace,
            AllowCommunity = AllowCommunity,
            MaxCriticalFindings = MaxCriticalFindings,
        };
        var checker = new AmiTrustChecker(Clients);
        var batches = _images.ToBatches();
        Run((events, token) => checker.CheckAsync(batches, policy, DateTime.UtcNow, Quiet, events, token));
    }
}
