using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Refuses a malformed id, account, ARN or URL at binding, before any call, with a message that says what
/// a valid value looks like (ValidatePattern would show its regex, and ignores case). Put it first, then
/// [ValidatePattern(ResourceIds.&lt;Kind&gt;Pattern)]: PowerShell validates in declaration order, so on the cmdlet
/// this check speaks first and the pattern never fires; Pester's Mock drops this attribute and keeps the pattern.
/// </summary>
public sealed class ValidateResourceIdAttribute : ValidateEnumeratedArgumentsAttribute
{
    public ValidateResourceIdAttribute(ResourceIdKind kind) => Kind = kind;

    public ResourceIdKind Kind { get; }

    protected override void ValidateElement(object element)
    {
        var problem = ResourceIds.For(Kind).Problem(PSValue.Text(element));
        if (problem != null) throw new ValidationMetadataException(problem);
    }
}
