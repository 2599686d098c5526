using System.Collections;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Gets AMIs by id, name pattern, owner or tag, from one or several regions at once.</summary>
[Cmdlet(VerbsCommon.Get, "Ami")]
[OutputType(typeof(Ami))]
public sealed class GetAmiCommand : AmiCmdletBase
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateResourceId(ResourceIdKind.ImageIdOrWildcard)]
    [ValidatePattern(ResourceIds.ImageIdOrWildcardPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string[]? ImageId { get; set; }

    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.Owner)]
    [ValidatePattern(ResourceIds.OwnerPattern)]
    public string[]? Owner { get; set; }

    [Parameter]
    [ValidateTagTable(Filter = true)]
    public Hashtable? Tag { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.ExecutableBy)]
    [ValidatePattern(ResourceIds.ExecutableByPattern)]
    public string[]? ExecutableBy { get; set; }

    /// <summary>Only images from these sources; without -Owner, -ImageId or -ExecutableBy it also chooses whose images are read.</summary>
    [Parameter]
    public AmiSource[]? Source { get; set; }

    [Parameter]
    public SwitchParameter IncludeDeprecated { get; set; }

    [Parameter]
    public SwitchParameter IncludeDisabled { get; set; }

    protected override void ProcessRecord()
    {
        var regions = ConnectAll(Region);
        var query = new ImageQuery
        {
            ImageIds = ImageId ?? new string[0],
            Names = Name ?? new string[0],
            Owners = Owner ?? new string[0],
            ExecutableBy = ExecutableBy ?? new string[0],
            Tags = TagTable.From(Tag),
            IncludeDeprecated = IncludeDeprecated,
            IncludeDisabled = IncludeDisabled,
            Sources = Source ?? new AmiSource[0],
        };
        var finder = new AmiFinder(Clients);
        Run((events, token) => finder.FindAsync(regions, query, events, token));
    }
}
