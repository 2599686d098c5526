using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// A time-based copy's completion duration (CopyImage SnapshotCopyCompletionDurationMinutes): 15 to 2,880 minutes
/// (48 hours) in 15-minute steps, as the CopyImage and CopySnapshot references say. Checked before any call, so a
/// wrong value never leaves some regions copied and others refused.
/// </summary>
public static class CopyCompletionDuration
{
    public const int Step = 15;
    public const int Max = 2880;

    public static void Validate(int? minutes)
    {
        if (minutes is not { } value) return;
        if (value >= Step && value <= Max && value % Step == 0) return;
        var below = value < Step ? Step : value > Max ? Max : value / Step * Step;
        var above = value < Step ? Step : value > Max ? Max : (value / Step + 1) * Step;
        throw new AmiOperationException(ErrorIds.InvalidCompletionDuration, AmiErrorCategory.InvalidArgument, value.ToString(),
            "-CompletionDurationMinutes " + value + " is not a time-based copy's duration: it must be " + Step + " to " + Max +
            " minutes (48 hours) in steps of " + Step + " (" + (below == above ? below.ToString() : below + " or " + above) + ", for example). Nothing was copied.");
    }
}
