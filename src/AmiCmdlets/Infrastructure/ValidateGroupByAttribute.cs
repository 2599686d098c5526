using System;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// -GroupBy: one of the plain groupings a command offers (Find-StaleAmi: Name; Get-AmiCost: Family, Account, Region),
/// or Tag:&lt;key&gt; with a key EC2 could hold (1-128 characters).
/// </summary>
public sealed class ValidateGroupByAttribute : ValidateArgumentsAttribute
{
    private readonly string[] _plain;

    public ValidateGroupByAttribute() : this("Name")
    {
    }

    public ValidateGroupByAttribute(params string[] plain) => _plain = plain;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = PSValue.Text(arguments) ?? "";
        if (_plain.Any(p => string.Equals(value, p, StringComparison.OrdinalIgnoreCase))) return;
        if (value.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase))
        {
            var key = value.Substring(4);
            if (key.Length >= 1 && key.Length <= TagRules.MaxKeyLength && InputText.WhitespaceHint(key).Length == 0) return;
        }
        throw new ValidationMetadataException(InputText.Quote(value) + " is not a grouping: expected " + string.Join(", ", _plain) + ", or Tag: followed by a tag key " +
            "(1-" + TagRules.MaxKeyLength + " characters), e.g. Tag:Application." + InputText.WhitespaceHint(value));
    }
}
