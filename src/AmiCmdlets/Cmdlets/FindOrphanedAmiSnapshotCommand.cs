using System.Management.Automation;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Finds snapshots that CreateImage or CopyImage made for AMIs that no longer exist and that no AMI uses.</summary>
[Cmdlet(VerbsCommon.Find, "OrphanedAmiSnapshot")]
[OutputType(typeof(AmiOrphanedSnapshot))]
public sealed class FindOrphanedAmiSnapshotCommand : AmiCmdletBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter]
    [ValidateRange(0.0, StaleImageQuery.MaxPricePerGiBMonth)]
    public decimal? SnapshotPricePerGiBMonth { get; set; }

    protected override void ProcessRecord()
    {
        var regions = ConnectAll(Region);
        var finder = new OrphanedSnapshotFinder(Clients);
        Run((events, token) => finder.FindAsync(regions, SnapshotPriceTable.Default.With(SnapshotPricePerGiBMonth, null), events, token));
    }
}
