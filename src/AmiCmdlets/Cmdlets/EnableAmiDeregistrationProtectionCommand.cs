using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Turns on deregistration protection, so the images cannot be deregistered until it is turned off.</summary>
[Cmdlet(VerbsLifecycle.Enable, "AmiDeregistrationProtection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class EnableAmiDeregistrationProtectionCommand : ImageChangeCommandBase
{
    /// <summary>Protection then stays in force for 24 hours after it is turned off.</summary>
    [Parameter]
    public SwitchParameter WithCooldown { get; set; }

    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.EnableProtection, withCooldown: WithCooldown);
}
