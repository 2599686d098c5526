using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Archive;

/// <summary>
/// Enable-Ami -RestoreSnapshots -Wait: per place, one DescribeSnapshotTierStatus a poll for all the snapshots still
/// being restored, spaced by the same <see cref="WaitPolicy"/> as Wait-Ami (from Set-AmiContext's poll intervals); a
/// progress line per image. An image is output (as Get-Ami shows it) once every snapshot is back in the standard tier;
/// a failed restore or the timeout is one error for that image, with the command that waits again.
/// </summary>
internal sealed class SnapshotTierWaiter(AwsClientFactory clients)
{
    public Task WaitAsync(IReadOnlyList<ArchiveStep> steps, WaitPolicy policy, EngineEventStream events, CancellationToken cancellationToken) =>
        PlaceFanOut.ForEachPlaceAsync(steps, s => s.Connection, (place, group) => WaitInPlaceAsync(place, group, policy, events, cancellationToken),
            place => "Waiting for snapshot restores in " + place.Region, events, cancellationToken);

    private async Task WaitInPlaceAsync(ResolvedConnection place, IReadOnlyList<ArchiveStep> steps, WaitPolicy policy, EngineEventStream events, CancellationToken cancellationToken)
    {
        var waiting = steps.ToDictionary(s => s.ImageId, s => new HashSet<string>(s.SnapshotIds.Concat(s.Restoring), StringComparer.Ordinal), StringComparer.Ordinal);
        var ready = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var poll = 0; ; poll++)
        {
            var tiers = await SnapshotTierReader.ReadAsync(clients, place, waiting.Values.SelectMany(s => s), cancellationToken).ConfigureAwait(false);
            foreach (var step in steps.Where(s => waiting.ContainsKey(s.ImageId)))
            {
                var left = waiting[step.ImageId];
                foreach (var id in left.ToList())
                {
                    if (!tiers.TryGetValue(id, out var status)) continue;
                    if (SnapshotTierReader.IsRestored(status)) left.Remove(id);
                    else if (SnapshotTierReader.Failed(status))
                    {
                        waiting.Remove(step.ImageId);
                        events.ProgressCompleted(Key(place, step), Activity(step));
                        events.Error(new AmiOperationException(ErrorIds.IncorrectState, AmiErrorCategory.InvalidResult, step.ImageId,
                            "Restoring snapshot " + id + " of " + step.ImageId + " in " + place.Region + " failed (" + status.LastTieringOperationStatus?.Value + ": " +
                            (status.LastTieringOperationStatusDetail ?? "AWS gave no reason") + "); the image cannot be launched. Try again with Enable-Ami -RestoreSnapshots."));
                        break;
                    }
                }
                if (!waiting.ContainsKey(step.ImageId)) continue;
                var total = step.SnapshotIds.Count + step.Restoring.Count;
                if (left.Count == 0)
                {
                    waiting.Remove(step.ImageId);
                    events.ProgressCompleted(Key(place, step), Activity(step));
                    ready.Add(step.ImageId);
                }
                else events.Progress(Key(place, step), Activity(step), (total - left.Count) + " of " + total + " snapshot(s) restored", total == 0 ? -1 : 100 * (total - left.Count) / total);
            }
            if (waiting.Count == 0 || clock.Elapsed >= policy.Timeout) break;
            var pause = policy.IntervalAfter(poll);
            var remaining = policy.Timeout - clock.Elapsed;
            await Task.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
        }
        foreach (var step in steps.Where(s => waiting.ContainsKey(s.ImageId)))
        {
            events.ProgressCompleted(Key(place, step), Activity(step));
            events.Error(new AmiOperationException(ErrorIds.AmiWaitTimeout, AmiErrorCategory.OperationTimeout, step.ImageId,
                "The snapshots of " + step.ImageId + " ('" + step.Name + "') in " + place.Region + " (" + string.Join(", ", waiting[step.ImageId]) + ") are still being restored after " +
                (int)policy.Timeout.TotalSeconds + " s (AWS: up to 72 hours). The restore goes on in AWS; to wait again run: Enable-Ami -ImageId " + step.ImageId +
                " -Region " + place.Region + " -RestoreSnapshots -Wait"));
        }
        if (ready.Count == 0) return;
        var found = new Dictionary<string, Ami>(StringComparer.Ordinal);
        await new AmiFinder(clients).ForEachImageByIdAsync(place, ready, image => found[image.ImageId] = AmiMapper.ToAmi(image, place), cancellationToken).ConfigureAwait(false);
        foreach (var id in ready)
            if (found.TryGetValue(id, out var ami)) events.Output(ami);
    }

    private static string Key(ResolvedConnection place, ArchiveStep step) => "restore-snapshots:" + PlaceFanOut.NameOf(place) + ":" + step.ImageId;

    private static string Activity(ArchiveStep step) => "Restoring the snapshots of " + (step.Name.Length > 0 ? step.Name : step.ImageId);
}
