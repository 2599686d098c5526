using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Turns off deregistration protection (with a cooldown it stays in force for 24 more hours).</summary>
[Cmdlet(VerbsLifecycle.Disable, "AmiDeregistrationProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class DisableAmiDeregistrationProtectionCommand : ImageChangeCommandBase
{
    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.DisableProtection);
}
