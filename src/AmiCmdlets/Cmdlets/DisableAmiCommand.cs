using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Disables images: they can no longer be launched, become private, and are hidden from listings.</summary>
// High: disabling removes every launch permission, and re-enabling does not bring them back.
[Cmdlet(VerbsLifecycle.Disable, "Ami", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Ami))]
public sealed class DisableAmiCommand : ImageChangeCommandBase
{
    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.Disable);
}
