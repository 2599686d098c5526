using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Takes an account id as the AWS console shows it (1111-2222-3333) and binds 111122223333; anything else
/// passes unchanged, for the validation attribute to judge.
/// </summary>
public sealed class AccountIdTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = PSValue.Unwrap(inputData);
        switch (value)
        {
            case string text:
                return ResourceIds.NormalizeAccountId(text);
            case IEnumerable many when !(value is IDictionary):
                var items = new List<object?>();
                foreach (var item in many) items.Add(PSValue.Unwrap(item) is string text ? ResourceIds.NormalizeAccountId(text) : item);
                return items.ToArray();
            default:
                return inputData;
        }
    }
}
