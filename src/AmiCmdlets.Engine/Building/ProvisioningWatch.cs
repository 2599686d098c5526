using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Building;

/// <summary>
/// Waits for the build instance's script to stop it, polling DescribeInstances and GetConsoleOutput at the wait
/// policy's pace. New console lines stream as verbose messages; a failure line, the instance terminating itself or
/// the time-out end the wait with the last console lines in the error.
/// </summary>
public sealed class ProvisioningWatch(AwsClientFactory clients)
{
    public async Task WaitForStopAsync(ResolvedConnection connection, string instanceId, BuildRequest request, WaitPolicy policy,
        string progressKey, string activity, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(connection);
        var console = new ConsoleTail();
        var clock = Stopwatch.StartNew();
        var jitter = new Random(Guid.NewGuid().GetHashCode());
        var failedPolls = 0;
        for (var poll = 0; ; )
        {
            string state;
            string? reason;
            string text;
            try
            {
                var described = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { instanceId } }, cancellationToken).ConfigureAwait(false);
                var instance = (described.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances ?? new List<Instance>()).FirstOrDefault(i => i.InstanceId == instanceId);
                state = instance?.State?.Name?.Value ?? "terminated";
                reason = instance?.StateReason?.Message;
                var output = await ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId, Latest = true }, cancellationToken).ConfigureAwait(false);
                text = string.IsNullOrEmpty(output.Output) ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(output.Output));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var error = AwsErrorMap.Translate(exception, instanceId, "Watching build instance " + instanceId);
                // A poll is a read: one still throttled (or 5xx) after the SDK's retries is made again with backoff, as
                // ImageWaiter does, or a build that is going well would end in a failure and lose its instance.
                var left = policy.Timeout - clock.Elapsed;
                if (!AwsErrorMap.IsTransient(error) || left <= TimeSpan.Zero) throw error;
                var retry = policy.RetryAfter(++failedPolls, jitter.NextDouble());
                events.Verbose("Poll " + failedPolls + " in a row of build instance " + instanceId + " failed (" + error.ErrorId + "); polling again.");
                await Task.Delay(retry < left ? retry : left, cancellationToken).ConfigureAwait(false);
                continue;
            }
            failedPolls = 0;
            foreach (var line in console.Add(text))
            {
                events.Verbose(instanceId + ": " + line);
                if (BuildRules.IsFailureLine(request, line))
                    throw Failed(instanceId, "the script reported a failure: '" + line + "'", console);
            }
            if (state == "stopped") return;
            if (state == "shutting-down" || state == "terminated")
                throw Failed(instanceId, "the instance terminated itself before it stopped (" + (reason ?? "no reason given") + "); the script must stop it, with shutdown behaviour stop", console);

            events.Progress(progressKey, activity, "Provisioning " + instanceId + " (" + state + "), " + Elapsed(clock.Elapsed) +
                (console.LastLines.Count > 0 ? ": " + console.LastLines[console.LastLines.Count - 1] : ""));
            var remaining = policy.Timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new AmiOperationException(ErrorIds.BuildTimeout, AmiErrorCategory.OperationTimeout, instanceId,
                    "Build instance " + instanceId + " was still " + state + " after " + (int)policy.Timeout.TotalSeconds + " s (-TimeoutSec): the script did not shut it down." +
                    LastLines(console));
            }
            var pause = policy.IntervalAfter(poll++);
            await Task.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AmiOperationException Failed(string instanceId, string why, ConsoleTail console) =>
        new AmiOperationException(ErrorIds.BuildProvisioningFailed, AmiErrorCategory.InvalidResult, instanceId,
            "Provisioning build instance " + instanceId + " failed: " + why + "." + LastLines(console));

    private static string LastLines(ConsoleTail console) => console.LastLines.Count == 0 ? " The console printed nothing."
        : " Last console lines:" + Environment.NewLine + string.Join(Environment.NewLine, console.LastLines.Select(l => "  " + l));

    private static string Elapsed(TimeSpan elapsed) => ((int)elapsed.TotalMinutes).ToString("00") + ":" + elapsed.Seconds.ToString("00") + " min";
}
