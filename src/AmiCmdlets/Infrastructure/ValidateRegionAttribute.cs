using System.Management.Automation;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Rejects a malformed region name at binding, before any call. Whether a well-formed name is a region
/// AWS has is checked when the command starts (UnknownRegion), so it has its own error id.
/// </summary>
public sealed class ValidateRegionAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var problem = RegionName.Problem(PSValue.Text(element));
        if (problem != null) throw new ValidationMetadataException(problem);
    }
}
