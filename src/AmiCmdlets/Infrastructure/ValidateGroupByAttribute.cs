using System;
using System.Management.Automation;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>Find-StaleAmi -GroupBy: Name, or Tag:&lt;key&gt; with a key EC2 could hold (1-128 characters).</summary>
public sealed class ValidateGroupByAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = PSValue.Text(arguments) ?? "";
        if (string.Equals(value, "Name", StringComparison.OrdinalIgnoreCase)) return;
        if (value.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase))
        {
            var key = value.Substring(4);
            if (key.Length >= 1 && key.Length <= TagRules.MaxKeyLength && InputText.WhitespaceHint(key).Length == 0) return;
        }
        throw new ValidationMetadataException(InputText.Quote(value) + " is not a grouping: expected Name, or Tag: followed by a tag key " +
            "(1-" + TagRules.MaxKeyLength + " characters), e.g. Tag:Application." + InputText.WhitespaceHint(value));
    }
}
