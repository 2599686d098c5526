using System;
using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Lineage;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Every image of yours, in the regions and accounts searched, made from the given images however many copies and
/// captures away: "our base image has a CVE: which golden images and copies came from it?" Pipes into Get-AmiUsage.
/// </summary>
[Cmdlet(VerbsCommon.Find, "AmiDescendant")]
[OutputType(typeof(Ami))]
public sealed class FindAmiDescendantCommand : AmiCmdletBase
{
    private readonly HashSet<string> _roots = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The ancestors: any image id (yours, shared or public), in any region.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string[] ImageId { get; set; } = new string[0];

    /// <summary>
    /// The regions searched (every account of the fleet in each). Not bound from a piped image: copies live in
    /// other regions than their source, so a piped image's own region would hide them.
    /// </summary>
    [Parameter]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var id in ImageId) _roots.Add(id);
    }

    protected override void EndProcessing()
    {
        if (_roots.Count == 0) return;
        var places = ConnectAll(Region);
        if (places.Count == 0) return;
        var finder = new AmiDescendantFinder(Clients);
        Run((events, token) => finder.FindAsync(_roots, places, events, token));
    }
}
