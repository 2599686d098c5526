using System.Management.Automation;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Deregisters images and deletes the snapshots no other AMI uses, refusing images still in use.</summary>
[Cmdlet(VerbsCommon.Remove, "AmiWithSnapshots", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(AmiRemovalResult))]
public sealed class RemoveAmiWithSnapshotsCommand : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    /// <summary>Deregister only; every snapshot stays.</summary>
    [Parameter]
    public SwitchParameter KeepSnapshot { get; set; }

    /// <summary>Remove images although instances or launch templates still use them (here or in other accounts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Make (or reuse, within 24 hours) an image usage report of every image before removing it.</summary>
    [Parameter]
    public SwitchParameter CheckOtherAccounts { get; set; }

    /// <summary>How long to wait for the usage reports of -CheckOtherAccounts.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    protected override void EndProcessing()
    {
        if (_images.IsEmpty) return;
        var removal = new ImageRemoval(Clients);
        var request = new RemovalRequest
        {
            Batches = _images.ToBatches(),
            KeepSnapshots = KeepSnapshot,
            Force = Force,
            CheckOtherAccounts = CheckOtherAccounts,
            UsagePolicy = AmiSessionContext.WaitPolicy(TimeoutSec),
            Preview = WhatIfInEffect,
        };
        if (!TryRun((events, token) => removal.PlanAsync(request, events, token), out var plan)) return;

        // The answers so far decide which shared snapshots the next question names.
        if (Confirm(plan.Candidates, plan.Approve).Count > 0) Run((events, token) => removal.ExecuteAsync(plan, events, token));
    }
}
