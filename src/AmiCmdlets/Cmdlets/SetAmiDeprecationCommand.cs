using System;
using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Sets or cancels the time at which images are deprecated, checked and rounded as AWS does.</summary>
[Cmdlet(VerbsCommon.Set, "AmiDeprecation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AtSet)]
[OutputType(typeof(Ami))]
public sealed class SetAmiDeprecationCommand : ImageChangeCommandBase
{
    private const string AtSet = "At";
    private const string InDaysSet = "InDays";
    private const string ClearSet = "Clear";
    private RetirementChange? _change;

    [Parameter(Mandatory = true, ParameterSetName = AtSet)]
    public DateTime DeprecateAt { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = InDaysSet)]
    [ValidateRange(1, 3653)]
    public int InDays { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
    public SwitchParameter Clear { get; set; }

    protected override RetirementChange Change => _change!;

    protected override void BeginProcessing()
    {
        if (ParameterSetName == ClearSet)
        {
            _change = new RetirementChange(RetirementChangeKind.ClearDeprecation);
            return;
        }
        var at = ParameterSetName == InDaysSet ? DateTime.UtcNow.AddDays(InDays) : DeprecateAt;
        // The rules that do not depend on the image (future, 10 years) fail here, before any call; the
        // 2-year rule of public images is checked per image once they are read.
        Validate(() => DeprecationSchedule.Normalize(at, DateTime.UtcNow, isPublic: false, target: null));
        _change = new RetirementChange(RetirementChangeKind.Deprecate, at);
    }
}
