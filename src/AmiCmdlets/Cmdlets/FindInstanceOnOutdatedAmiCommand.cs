using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Usage;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// The instances whose image is deprecated, disabled, deregistered, no longer shared, not allowed or older than
/// n days, with the image's name and state even when it is gone. Not "Find-InstanceOnStaleAmi": in this module
/// "stale" is Find-StaleAmi's retention rule (keep N per family, older than D days), and an instance on a
/// deregistered or unshared base image is not on a stale image in that sense, but on an outdated one.
/// </summary>
[Cmdlet(VerbsCommon.Find, "InstanceOnOutdatedAmi")]
[OutputType(typeof(InstanceOnOutdatedAmi))]
public sealed class FindInstanceOnOutdatedAmiCommand : AmiCmdletBase
{
    private readonly List<string> _regions = new List<string>();
    private readonly List<string> _imageIds = new List<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    /// <summary>Only instances launched from these images (pipe Get-Ami output: "who still runs these?").</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string[]? ImageId { get; set; }

    /// <summary>Which reasons count (default: all five); -OlderThanDays adds Old.</summary>
    [Parameter]
    [ValidateSet(OutdatedImageQuery.Deprecated, OutdatedImageQuery.Disabled, OutdatedImageQuery.Deregistered, OutdatedImageQuery.NotShared,
        OutdatedImageQuery.NotAllowed)]
    public string[]? Reason { get; set; }

    /// <summary>An image made more than this many days ago is outdated (reason Old).</summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int OlderThanDays { get; set; }

    /// <summary>Also instances terminated in the last hour or so.</summary>
    [Parameter]
    public SwitchParameter IncludeTerminated { get; set; }

    protected override void ProcessRecord()
    {
        if (Region != null) _regions.AddRange(Region);
        if (ImageId != null) _imageIds.AddRange(ImageId);
    }

    protected override void EndProcessing()
    {
        var places = ConnectAll(_regions.Count > 0 ? _regions.Distinct(StringComparer.Ordinal).ToArray() : null);
        var olderThan = MyInvocation.BoundParameters.ContainsKey(nameof(OlderThanDays)) ? OlderThanDays : (int?)null;
        // ValidateSet lets 'deprecated' through: spell each as the engine does.
        var reasons = (Reason?.Select(r => OutdatedImageQuery.DefaultReasons.First(known => string.Equals(known, r, StringComparison.OrdinalIgnoreCase)))
            ?? OutdatedImageQuery.DefaultReasons).ToList();
        if (olderThan != null) reasons.Add(OutdatedImageQuery.Old);
        var query = new OutdatedImageQuery
        {
            Reasons = reasons,
            OlderThanDays = olderThan,
            ImageIds = _imageIds.Distinct(StringComparer.Ordinal).ToList(),
            IncludeTerminated = IncludeTerminated,
        };
        Run((events, token) => new OutdatedImageInstanceFinder(Clients).FindAsync(places, query, events, token));
    }
}
