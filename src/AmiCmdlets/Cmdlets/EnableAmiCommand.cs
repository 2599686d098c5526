using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Re-enables disabled images, so they can be launched again (they stay private).</summary>
[Cmdlet(VerbsLifecycle.Enable, "Ami", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class EnableAmiCommand : ImageChangeCommandBase
{
    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.Enable);
}
