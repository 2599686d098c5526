using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Cmdlets that act on existing images: -ImageId and -Region bind by property name from any Ami (or
/// anything with those properties), so each image is handled in the region it lives in. Plain id strings
/// pipe too ('ami-...' | Remove-AmiWithSnapshots), as AWS.Tools users do by habit.
/// </summary>
public abstract class ImageCommandBase : AmiCmdletBase
{
    // An Ami still binds by property name, never through its ToString: PowerShell tries each pipeline
    // parameter without type conversion first, and only a string binds ValueFromPipeline that way.
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string[] ImageId { get; set; } = new string[0];

    /// <summary>The images' region.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }
}
