using System.Management.Automation;
using AmiCmdlets.Engine.BaseImages;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Finds the newest base image of an operating system (Amazon Linux, Windows Server, Ubuntu, Debian, RHEL, SUSE) from
/// its verified publisher only, or the images of a public SSM parameter, in one or several regions at once.
/// </summary>
[Cmdlet(VerbsCommon.Find, "BaseAmi", DefaultParameterSetName = OperatingSystemSet)]
[OutputType(typeof(Ami))]
public sealed class FindBaseAmiCommand : AmiCmdletBase
{
    private const string OperatingSystemSet = "OperatingSystem";
    private const string PublicParameterSet = "PublicParameter";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OperatingSystemSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(OperatingSystemCompleter))]
    public string? OperatingSystem { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PublicParameterSet)]
    [ValidateNotNullOrEmpty]
    public string? PublicParameter { get; set; }

    [Parameter]
    [ValidateSet("x86_64", "arm64")]
    public string? Architecture { get; set; }

    /// <summary>Windows Server only: the language of the image (English by default).</summary>
    [Parameter(ParameterSetName = OperatingSystemSet)]
    [ValidateNotNullOrEmpty]
    public string? Language { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter]
    public SwitchParameter IncludeDeprecated { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Latest { get; set; } = 1;

    protected override void ProcessRecord()
    {
        var query = new BaseImageQuery
        {
            OperatingSystem = OperatingSystem,
            PublicParameter = PublicParameter,
            // ValidateSet lets ARM64 through; EC2's architectures are lower case.
            Architecture = Architecture?.ToLowerInvariant(),
            Language = Language,
            IncludeDeprecated = IncludeDeprecated,
            Latest = Latest,
        };
        // Bad input stops here, before any region is resolved or called.
        Validate(() => query.Validate());
        var regions = ConnectAll(Region);
        var finder = new BaseImageFinder(Clients);
        Run((events, token) => finder.FindAsync(regions, query, events, token));
    }
}
