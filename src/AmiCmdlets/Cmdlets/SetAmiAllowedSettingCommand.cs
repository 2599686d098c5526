using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Governance;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Turns Allowed AMIs on (Enabled), to audit (AuditMode) or off, and sets its criterion, in every account and region
/// named. Before enabling it reports the instances and launch templates whose images would no longer be allowed, and
/// refuses such a place without -Force.
/// </summary>
[Cmdlet(VerbsCommon.Set, "AmiAllowedSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(AmiAllowedSetting))]
public sealed class SetAmiAllowedSettingCommand : AmiCmdletBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet(AllowedImageRules.Enabled, AllowedImageRules.AuditMode, AllowedImageRules.Disabled)]
    public string State { get; set; } = "";

    /// <summary>amazon, aws-marketplace, aws-backup-vault, account ids, or none (only your own images).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ImageProvider { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ImageName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MarketplaceProductCode { get; set; }

    [Parameter]
    [ValidateRange(1, 2147483647)]
    public int? MaxImageAgeDays { get; set; }

    [Parameter]
    [ValidateRange(0, 2147483647)]
    public int? MaxDaysSinceDeprecation { get; set; }

    /// <summary>Replace the criteria with none: only your own images are allowed when Enabled.</summary>
    [Parameter]
    public SwitchParameter ClearCriteria { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    /// <summary>Enable although instances or launch templates use images the new settings would not allow.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ClearCriteria && CriterionGiven)
            ThrowTerminatingError(ErrorRecords.InvalidArgument(Engine.Errors.ErrorIds.InvalidImageCriterion,
                "-ClearCriteria removes every criterion; it cannot go with -ImageProvider, -ImageName, -MarketplaceProductCode, -MaxImageAgeDays or -MaxDaysSinceDeprecation.", null));
        if (Criteria() is { } criteria) foreach (var criterion in criteria) Validate(() => AllowedImageRules.Validate(criterion));
    }

    private bool CriterionGiven => ImageProvider != null || ImageName != null || MarketplaceProductCode != null || MaxImageAgeDays != null || MaxDaysSinceDeprecation != null;

    /// <summary>The one criterion the parameters describe, none with -ClearCriteria, or null to keep the current ones.</summary>
    private IReadOnlyList<AmiImageCriterion>? Criteria()
    {
        if (ClearCriteria) return new AmiImageCriterion[0];
        if (!CriterionGiven) return null;
        return new[]
        {
            new AmiImageCriterion
            {
                ImageProvider = ImageProvider ?? new string[0],
                ImageName = ImageName ?? new string[0],
                MarketplaceProductCode = MarketplaceProductCode ?? new string[0],
                MaxImageAgeDays = MaxImageAgeDays,
                MaxDaysSinceDeprecation = MaxDaysSinceDeprecation,
            },
        };
    }

    protected override void ProcessRecord()
    {
        var places = ConnectAll(Region);
        if (places.Count == 0) return;
        var updater = new AllowedImagesUpdater(Clients);
        var criteria = Criteria();
        if (!TryRun((events, token) => updater.PlanAsync(places, State, criteria, Force, events, token), out var plan)) return;
        var approved = Confirm(plan);
        if (approved.Count == 0) return;
        Run((events, token) => updater.ExecuteAsync(approved, events, token));
    }
}
