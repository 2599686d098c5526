using System.Collections;
using System.Management.Automation;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// A -Tag hashtable checked at binding against EC2's tag rules (<see cref="TagRules"/>): tags to write
/// may not use the aws: prefix and fit 50 to a resource; a filter (<see cref="Filter"/>) may name aws: keys.
/// </summary>
public sealed class ValidateTagTableAttribute : ValidateArgumentsAttribute
{
    /// <summary>The table selects images by tag instead of writing tags.</summary>
    public bool Filter { get; set; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var table = PSValue.Unwrap(arguments) as IDictionary;
        if (table == null) return;
        if (!Filter)
        {
            var count = TagRules.CountProblem(table.Count, "The tags given");
            if (count != null) throw new ValidationMetadataException(count);
        }
        foreach (DictionaryEntry entry in table)
        {
            var problem = TagRules.Problem(PSValue.Text(entry.Key), PSValue.Text(entry.Value), toWrite: !Filter);
            if (problem != null) throw new ValidationMetadataException(problem);
        }
    }
}
