using System.Management.Automation;
using AmiCmdlets.Engine.Archive;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Re-enables disabled images, so they can be launched again (they stay private). With -RestoreSnapshots, also brings
/// their archived snapshots back to the standard tier, for some days or for good, and with -Wait until they are back.
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "Ami", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = EnableOnly)]
[OutputType(typeof(Ami), typeof(AmiSnapshotTier))]
public sealed class EnableAmiCommand : ImageChangeCommandBase
{
    private const string EnableOnly = "Enable";
    // One set for both kinds of restore: with a set each, -RestoreSnapshots alone could not be resolved.
    private const string Restore = "RestoreSnapshots";

    [Parameter(Mandatory = true, ParameterSetName = Restore)]
    public SwitchParameter RestoreSnapshots { get; set; }

    /// <summary>Restore for this many days (1-180), after which the snapshots go back to the archive.</summary>
    [Parameter(ParameterSetName = Restore)]
    [ValidateRange(1, 180)]
    public int? TemporaryRestoreDays { get; set; }

    /// <summary>Restore for good (the default of -RestoreSnapshots).</summary>
    [Parameter(ParameterSetName = Restore)]
    public SwitchParameter Permanent { get; set; }

    /// <summary>Wait until every snapshot is back and output the image, launchable.</summary>
    [Parameter(ParameterSetName = Restore)]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait waits, in seconds (default 72 hours, AWS's longest restore).</summary>
    [Parameter(ParameterSetName = Restore)]
    [ValidateRange(1, 7 * 24 * 3600)]
    public int TimeoutSec { get; set; } = 72 * 3600;

    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.Enable);

    protected override void EndProcessing()
    {
        if (!RestoreSnapshots)
        {
            base.EndProcessing();
            return;
        }
        if (!(PipedImages is { } batches)) return;
        if (TemporaryRestoreDays != null && Permanent)
        {
            ThrowTerminatingError(new ErrorRecord(new ParameterBindingException("-TemporaryRestoreDays and -Permanent exclude each other: a restore is for some days or for good."),
                "AmbiguousParameterSet", ErrorCategory.InvalidArgument, null));
        }
        var kind = TemporaryRestoreDays is int days ? SnapshotRestoreKind.Temporary(days) : SnapshotRestoreKind.Permanent;
        var archive = new SnapshotArchive(Clients);
        if (!TryRun((events, token) => archive.PlanRestoreAsync(batches, kind, events, token), out var steps)) return;
        // Confirm keeps the images with nothing left to start: with -Wait, a restore started earlier is waited for.
        var approved = Confirm(steps);
        if (approved.Count == 0) return;
        var wait = Wait ? AmiSessionContext.WaitPolicy(TimeoutSec) : null;
        Run((events, token) => archive.RestoreAsync(approved, kind, wait, events, token));
    }
}
