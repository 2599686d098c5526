using System.Management.Automation;
using AmiCmdlets.Engine.RecycleBin;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Brings deregistered images back from the Recycle Bin, their snapshots first, while a retention rule still keeps them.</summary>
[Cmdlet(VerbsData.Restore, "Ami", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class RestoreAmiCommand : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    protected override void EndProcessing()
    {
        if (_images.IsEmpty) return;
        var bin = new RecycleBinImages(Clients);
        var batches = _images.ToBatches();
        if (!TryRun((events, token) => bin.PlanAsync(batches, events, token), out var steps)) return;
        var approved = Confirm(steps);
        if (approved.Count == 0) return;
        Run((events, token) => bin.RestoreAsync(approved, events, token));
    }
}
