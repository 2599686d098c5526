using System.Collections;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.RecycleBin;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Gets AMIs by id, name pattern, owner or tag, from one or several regions at once.</summary>
[Cmdlet(VerbsCommon.Get, "Ami", DefaultParameterSetName = Describe)]
[OutputType(typeof(Ami), ParameterSetName = new[] { Describe })]
[OutputType(typeof(AmiRecycleBinEntry), ParameterSetName = new[] { RecycleBin })]
public sealed class GetAmiCommand : AmiCmdletBase
{
    private const string Describe = "Describe";
    private const string RecycleBin = "RecycleBin";

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

    [Parameter(ParameterSetName = Describe)]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.Owner)]
    [ValidatePattern(ResourceIds.OwnerPattern)]
    public string[]? Owner { get; set; }

    [Parameter(ParameterSetName = Describe)]
    [ValidateTagTable(Filter = true)]
    public Hashtable? Tag { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter(ParameterSetName = Describe)]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.ExecutableBy)]
    [ValidatePattern(ResourceIds.ExecutableByPattern)]
    public string[]? ExecutableBy { get; set; }

    /// <summary>Only images from these sources; without -Owner, -ImageId or -ExecutableBy it also chooses whose images are read.</summary>
    [Parameter(ParameterSetName = Describe)]
    public AmiSource[]? Source { get; set; }

    [Parameter(ParameterSetName = Describe)]
    public SwitchParameter IncludeDeprecated { get; set; }

    [Parameter(ParameterSetName = Describe)]
    public SwitchParameter IncludeDisabled { get; set; }

    /// <summary>Lists the deregistered images a Recycle Bin retention rule keeps (restorable with Restore-Ami) instead.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RecycleBin)]
    public SwitchParameter InRecycleBin { get; set; }

    protected override void ProcessRecord()
    {
        var regions = ConnectAll(Region);
        if (InRecycleBin)
        {
            var bin = new RecycleBinImages(Clients);
            Run((events, token) => bin.ListAsync(regions, ImageId ?? new string[0], Name ?? new string[0], events, token));
            return;
        }
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
