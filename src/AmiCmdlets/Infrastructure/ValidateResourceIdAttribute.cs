using System.Collections;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Refuses a malformed id, account, ARN or URL at binding, before any call, with a message that says what
/// a valid value looks like (ValidatePattern would show its regex, and ignores case). Put it first, then
/// [ValidatePattern(ResourceIds.&lt;Kind&gt;Pattern)]: PowerShell validates in declaration order, so on the cmdlet
/// this check speaks first and the pattern never fires; Pester's Mock drops this attribute and keeps the pattern.
/// With <see cref="AllowNull"/> (for -RoleArn and -ProfileName, which bind from piped objects that may have none),
/// null means "not given", and the parameter carries no ValidatePattern, which would refuse the null.
/// </summary>
public sealed class ValidateResourceIdAttribute : ValidateArgumentsAttribute
{
    public ValidateResourceIdAttribute(ResourceIdKind kind) => Kind = kind;

    public ResourceIdKind Kind { get; }

    /// <summary>Null (or a null element) passes: a piped object without the property says nothing.</summary>
    public bool AllowNull { get; set; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is IEnumerable many && !(value is string))
        {
            foreach (var element in many) ValidateElement(element);
            return;
        }
        ValidateElement(value);
    }

    private void ValidateElement(object? element)
    {
        if (element == null && AllowNull) return;
        var problem = ResourceIds.For(Kind).Problem(PSValue.Text(element));
        if (problem != null) throw new ValidationMetadataException(problem);
    }
}
