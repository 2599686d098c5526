using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Set-AmiDeprecation, Enable-/Disable-AmiDeregistrationProtection, Disable-/Enable-Ami: gather the piped
/// images, check each region's images with one DescribeImages, ask ShouldProcess per image here on the
/// pipeline thread, then change the approved ones and, with -PassThru, output them as AWS now has them.
/// </summary>
public abstract class ImageChangeCommandBase : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The change to make, known once the parameters are bound.</summary>
    protected abstract RetirementChange Change { get; }

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    /// <summary>The piped images, per place: for a command that does more than <see cref="Change"/> (Disable-Ami -ArchiveSnapshots).</summary>
    protected IReadOnlyList<RegionBatch>? PipedImages => _images.IsEmpty ? null : _images.ToBatches();

    protected override void EndProcessing()
    {
        if (_images.IsEmpty) return;
        var change = Change;
        var retirement = new ImageRetirement(Clients);
        var batches = _images.ToBatches();
        if (!TryRun((events, token) => retirement.PlanAsync(batches, change, events, token), out var steps)) return;
        var approved = Confirm(steps);
        if (approved.Count == 0) return;
        Run((events, token) => retirement.ExecuteAsync(approved, change, PassThru, events, token));
    }
}
