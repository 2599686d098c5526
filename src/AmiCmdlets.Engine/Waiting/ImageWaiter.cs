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

namespace AmiCmdlets.Engine.Waiting;

/// <summary>
/// Waits for images to reach a state. Each region is polled on its own, with ONE DescribeImages per poll
/// for all of that region's images; polls back off per <see cref="WaitPolicy"/>. Each image that reaches the
/// state is output the moment it does; a progress line per image shows its state. It posts a
/// <see cref="WaitStartedEvent"/> first and returns the same report, which says how every other image ended.
/// </summary>
public sealed class ImageWaiter(AwsClientFactory clients)
{
    // States an image never leaves: waiting longer cannot reach the desired state. A deregistered image is not
    // among them: it is gone (AmiNotFound), whichever of EC2's three answers says so.
    private static readonly string[] FinalFailureStates = { "failed", "error", "invalid" };

    /// <param name="failedError">The error a failed image is reported with as it fails; null: it is only in the report.</param>
    public async Task<WaitReport> WaitAsync(IReadOnlyList<WaitTarget> targets, string desiredState, WaitPolicy policy,
        EngineEventStream events, CancellationToken cancellationToken, Func<Ami, AmiOperationException>? failedError = null)
    {
        var report = new WaitReport { DesiredState = desiredState };
        foreach (var target in targets)
            foreach (var id in target.ImageIds) report.Track(WaitingImage.At(id, target.Connection));
        events.Post(new WaitStartedEvent(report));
        await PlaceFanOut.ForEachAsync(targets, target => WaitInRegionAsync(target, desiredState, policy, failedError, events, report, cancellationToken),
            target => PlaceFanOut.NameOf(target.Connection), _ => null, events, cancellationToken, report: (target, error) =>
            {
                // One region that cannot be polled does not end the wait for the others.
                foreach (var image in report.StillWaiting.Where(i => target.ImageIds.Contains(i.ImageId)))
                {
                    report.Settle(image);
                    events.ProgressCompleted(ProgressKey(image), "Waiting for " + (image.Name ?? image.ImageId));
                    events.Error(EngineErrors.For(error, image.ImageId,
                        "Stopped waiting for " + image.ImageId + " in " + image.Region + ": " + error.Message +
                        " It may still be building in AWS; to wait again run: " + WaitReport.ResumeCommand(new[] { image }, "", desiredState)));
                }
            }, scopeOf: target => target.Connection.InFleet).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Wait-Ami's way: each image that reaches the state is output as it does; every other ending is one
    /// non-terminating error for that image (failed, timed out, gone).
    /// </summary>
    /// <param name="failedError">What a failed image is reported as (default <see cref="CreationFailed"/>).</param>
    /// <param name="missingError">What an image no longer listed is reported as (default <see cref="NotFound"/>).</param>
    public async Task<WaitReport> WaitAndReportAsync(IReadOnlyList<WaitTarget> targets, string desiredState, WaitPolicy policy,
        EngineEventStream events, CancellationToken cancellationToken, Func<Ami, AmiOperationException>? failedError = null,
        Func<WaitingImage, AmiOperationException>? missingError = null)
    {
        var report = await WaitAsync(targets, desiredState, policy, events, cancellationToken, failedError ?? CreationFailed).ConfigureAwait(false);
        foreach (var image in report.TimedOut) events.Error(TimedOut(image, policy));
        foreach (var image in report.Missing) events.Error((missingError ?? NotFound)(image));
        return report;
    }

    public static AmiOperationException NotFound(WaitingImage image) =>
        EngineErrors.AmiNotFound(image.ImageId, image.Region, "it may have been deregistered");

    public static AmiOperationException CreationFailed(Ami failed) =>
        new AmiOperationException(ErrorIds.AmiCreationFailed, AmiErrorCategory.InvalidResult, failed.ImageId,
            "Image " + failed.ImageId + " ('" + failed.Name + "') in " + failed.Region + " failed: " + (failed.StateReason ?? "AWS gave no reason") + ".");

    public static AmiOperationException TimedOut(WaitingImage image, WaitPolicy policy) =>
        new AmiOperationException(ErrorIds.AmiWaitTimeout, AmiErrorCategory.OperationTimeout, image.ImageId,
            "Image " + image.ImageId + (image.Name == null ? "" : " ('" + image.Name + "')") + " in " + image.Region + " is still " + image.LastState +
            " after " + (int)policy.Timeout.TotalSeconds + " s. It keeps building in AWS; to wait again run: " + WaitReport.ResumeCommand(new[] { image }));

    private async Task WaitInRegionAsync(WaitTarget target, string desiredState, WaitPolicy policy, Func<Ami, AmiOperationException>? failedError,
        EngineEventStream events, WaitReport report, CancellationToken cancellationToken)
    {
        var region = target.Connection.Region;
        var waiting = target.ImageIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => WaitingImage.At(id, target.Connection), StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var jitter = new Random(Guid.NewGuid().GetHashCode());
        var failedPolls = 0;
        var answered = false;
        for (var poll = 0; ; )
        {
            Dictionary<string, Ami> seen;
            HashSet<string> deregistered;
            try
            {
                (seen, deregistered) = await DescribeAsync(target.Connection, waiting.Keys.ToList(), cancellationToken).ConfigureAwait(false);
                failedPolls = 0;
                answered = true;
            }
            // A connection lost mid-wait passes; an endpoint that never answered is a setting to fix, not to wait out.
            catch (AmiOperationException error) when (AwsErrorMap.IsTransient(error) && (answered || error.ErrorId != ErrorIds.AwsConnectionFailed))
            {
                // A poll is a read: one still throttled (or 5xx, timed out, cut off) after the SDK's own retries is
                // made again with backoff until the timeout, or the image would be built but never handed on.
                failedPolls++;
                var left = policy.Timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw EngineErrors.For(error, region,
                        error.Message + " (" + failedPolls + " polls in a row failed; retried until the " + (int)policy.Timeout.TotalSeconds + " s timeout).");
                }
                var retry = policy.RetryAfter(failedPolls, jitter.NextDouble());
                events.Verbose("Poll " + failedPolls + " in a row failed in " + region + " (" + error.ErrorId + "); polling again in " +
                               retry.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s.");
                await Task.Delay(retry < left ? retry : left, cancellationToken).ConfigureAwait(false);
                continue;
            }
            foreach (var image in waiting.Values.ToList())
            {
                if (!seen.TryGetValue(image.ImageId, out var ami))
                {
                    // EC2 is eventually consistent: an image created a moment ago may not be listed yet. One it
                    // lists as deregistered needs no grace: it is gone.
                    if (!image.Seen && clock.Elapsed < policy.MissingGrace && !deregistered.Contains(image.ImageId)) continue;
                    Settle(image, waiting, report, events);
                    report.Missing.Enqueue(image);
                    continue;
                }
                image.Seen = true;
                image.Name = ami.Name;
                image.LastState = ami.State;
                if (ami.State == desiredState)
                {
                    Settle(image, waiting, report, events);
                    events.Output(ami);
                }
                else if (Array.IndexOf(FinalFailureStates, ami.State) >= 0)
                {
                    Settle(image, waiting, report, events);
                    report.Failed.Enqueue(ami);
                    if (failedError != null) events.Error(failedError(ami));
                }
                else
                {
                    events.Progress(ProgressKey(image), "Waiting for " + (ami.Name.Length > 0 ? ami.Name : ami.ImageId),
                        ami.ImageId + " in " + region + " is " + ami.State + ", " + Elapsed(clock.Elapsed) + " elapsed; waiting for " + desiredState);
                }
            }
            if (waiting.Count == 0) return;

            var remaining = policy.Timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                foreach (var image in waiting.Values.ToList())
                {
                    Settle(image, waiting, report, events);
                    report.TimedOut.Enqueue(image);
                }
                return;
            }
            var pause = policy.IntervalAfter(poll++);
            await Task.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Settle(WaitingImage image, Dictionary<string, WaitingImage> waiting, WaitReport report, EngineEventStream events)
    {
        waiting.Remove(image.ImageId);
        report.Settle(image);
        events.ProgressCompleted(ProgressKey(image), "Waiting for " + (image.Name ?? image.ImageId));
    }

    private async Task<(Dictionary<string, Ami> Found, HashSet<string> Deregistered)> DescribeAsync(ResolvedConnection connection, List<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Ami>(StringComparer.Ordinal);
        var deregistered = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await new AmiFinder(clients).ForEachImageByIdAsync(connection, ids, image => found[image.ImageId] = AmiMapper.ToAmi(image, connection), cancellationToken,
                gone => deregistered.Add(gone.ImageId)).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, connection.Region, "DescribeImages while waiting in " + connection.Region);
        }
        return (found, deregistered);
    }

    private static string ProgressKey(WaitingImage image) => "wait:" + image.Region + ":" + image.ImageId;

    private static string Elapsed(TimeSpan elapsed) => ((int)elapsed.TotalMinutes).ToString("00") + ":" + elapsed.Seconds.ToString("00");
}
