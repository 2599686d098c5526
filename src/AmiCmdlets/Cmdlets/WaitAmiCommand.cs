using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Waiting;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Waits until images reach a state, polling each region once per round for all its images.</summary>
[Cmdlet(VerbsLifecycle.Wait, "Ami")]
[OutputType(typeof(Ami))]
public sealed class WaitAmiCommand : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    [Parameter]
    [ValidateSet("available", "failed", "pending", "disabled")]
    public string State { get; set; } = "available";

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 3600;

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    protected override void EndProcessing()
    {
        var targets = _images.ToBatches().Select(batch => new WaitTarget(batch.Connection, batch.ImageIds)).ToList();
        var policy = AmiSessionContext.WaitPolicy(TimeoutSec);
        // ValidateSet lets 'Available' through; EC2's states are lower case.
        var state = State.ToLowerInvariant();
        Run((events, token) => new ImageWaiter(Clients).WaitAndReportAsync(targets, state, policy, events, token));
    }
}
