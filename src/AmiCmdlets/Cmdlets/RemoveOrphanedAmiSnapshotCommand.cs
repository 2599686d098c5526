using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Deletes orphaned AMI snapshots, after checking each again just before.</summary>
[Cmdlet(VerbsCommon.Remove, "OrphanedAmiSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveOrphanedAmiSnapshotCommand : AmiCmdletBase
{
    private readonly Dictionary<string, (ResolvedConnection Connection, List<string> Ids)> _byPlace = new Dictionary<string, (ResolvedConnection, List<string>)>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.SnapshotId)]
    [ValidatePattern(ResourceIds.SnapshotIdPattern)]
    public string[] SnapshotId { get; set; } = new string[0];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Deletes orphans shared with other accounts or public too (Status Shared), which are refused otherwise.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (!(Connect(Region) is { } connection)) return;
        if (!_byPlace.TryGetValue(connection.PlaceKey, out var entry)) _byPlace[connection.PlaceKey] = entry = (connection, new List<string>());
        entry.Ids.AddRange(SnapshotId);
    }

    protected override void EndProcessing()
    {
        var removal = new OrphanedSnapshotRemoval(Clients);
        foreach (var (connection, ids) in _byPlace.Values)
        {
            if (!TryRun((events, token) => removal.PlanAsync(connection, ids, Force, events, token), out var plan)) continue;
            var approved = Confirm(plan).Select(d => d.Snapshot).ToList();
            if (approved.Count > 0) Run((events, token) => removal.DeleteAsync(connection, approved, events, token));
        }
    }
}
