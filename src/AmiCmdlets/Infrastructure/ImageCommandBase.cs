using System.Management.Automation;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure
{
    /// <summary>
    /// Cmdlets that act on existing images: -ImageId and -Region bind by property name from any Ami (or
    /// anything with those properties), so each image is handled in the region it lives in.
    /// </summary>
    public abstract class ImageCommandBase : AmiCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateResourceId(ResourceIdKind.ImageId)]
        [ArgumentCompleter(typeof(ImageIdCompleter))]
        public string[] ImageId { get; set; } = new string[0];

        /// <summary>The images' region.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRegion]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }
    }
}
