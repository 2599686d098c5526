using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Tagging;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Writes the owner's tags (or the keys named) onto a shared image inside each consumer account, where tags of a
/// shared image are that account's own. -RoleArn, or -RoleName with -RoleAccountId, name the consumer accounts.
/// </summary>
[Cmdlet(VerbsData.Sync, "AmiTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(Ami))]
public sealed class SyncAmiTagCommand : CrossAccountCommandBase
{
    private readonly List<CopySource> _sources = new List<CopySource>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string ImageId { get; set; } = "";

    /// <summary>The image's region (consumers are tagged in the same region).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>The tag keys to copy; every tag of the owner (but aws: ones) when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    protected override void ProcessRecord()
    {
        if (SourcePlace(Region) is { } source) _sources.Add(new CopySource(source, ImageId));
    }

    protected override void EndProcessing()
    {
        if (_sources.Count == 0) return;
        var consumers = TargetPlaces(_sources.Select(s => s.Connection.Region).Distinct(StringComparer.Ordinal).ToArray());
        if (consumers.Count == 0) return;
        var sync = new SharedImageTagSync(Clients);
        var keys = (IReadOnlyCollection<string>?)Key ?? new string[0];
        if (!TryRun((events, token) => sync.PlanAsync(_sources, consumers, keys, events, token), out var plan)) return;
        var approved = Confirm(plan);
        if (approved.Count == 0) return;
        Run((events, token) => sync.ExecuteAsync(approved, events, token));
    }
}
