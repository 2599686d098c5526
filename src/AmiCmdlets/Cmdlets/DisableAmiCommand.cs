using System.Management.Automation;
using AmiCmdlets.Engine.Archive;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Disables images: they can no longer be launched, become private, and are hidden from listings. With
/// -ArchiveSnapshots, then moves each snapshot no other AMI uses to the EBS archive tier.
/// </summary>
// High: disabling removes every launch permission, and re-enabling does not bring them back.
[Cmdlet(VerbsLifecycle.Disable, "Ami", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(Ami), typeof(AmiSnapshotTier))]
public sealed class DisableAmiCommand : ImageChangeCommandBase
{
    /// <summary>Also archive each snapshot that no other AMI uses (ModifySnapshotTier): about a quarter of the standard price, billed for at least 90 days.</summary>
    [Parameter]
    public SwitchParameter ArchiveSnapshots { get; set; }

    protected override RetirementChange Change => new RetirementChange(RetirementChangeKind.Disable);

    protected override void EndProcessing()
    {
        if (!ArchiveSnapshots)
        {
            base.EndProcessing();
            return;
        }
        if (!(PipedImages is { } batches)) return;
        var archive = new SnapshotArchive(Clients);
        if (!TryRun((events, token) => archive.PlanArchiveAsync(batches, events, token), out var steps)) return;
        var approved = Confirm(steps);
        if (approved.Count == 0) return;
        Run((events, token) => archive.ArchiveAsync(approved, events, token));
    }
}
