using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Building;

/// <summary>Build instances found by their tag (one build's, or every build's for -Cleanup), and their termination.</summary>
public sealed class BuildInstances(AwsClientFactory clients)
{
    // Terminated instances stay listed for an hour; they are nothing to clean up.
    private static readonly List<string> LiveStates = new List<string> { "pending", "running", "stopping", "stopped" };

    /// <summary>Cleanup must finish after Ctrl+C, yet never hang a closing shell.</summary>
    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(60);

    /// <param name="buildId">One build's instances; null: every build instance in the place.</param>
    public async Task<IReadOnlyList<AmiBuildInstance>> FindAsync(ResolvedConnection connection, string? buildId, CancellationToken cancellationToken)
    {
        var filters = new List<Filter> { new Filter("instance-state-name", LiveStates) };
        filters.Add(buildId == null ? new Filter("tag-key", new List<string> { BuildTags.BuildIdKey }) : new Filter("tag:" + BuildTags.BuildIdKey, new List<string> { buildId }));
        var found = new List<AmiBuildInstance>();
        var ec2 = clients.Ec2(connection);
        try
        {
            string? next = null;
            do
            {
                var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = filters, NextToken = next }, cancellationToken).ConfigureAwait(false);
                foreach (var instance in (page.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances ?? new List<Instance>()))
                    found.Add(ToOutput(instance, connection));
                next = page.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, buildId ?? connection.Region, "DescribeInstances (build instances)");
        }
        return found.OrderBy(i => i.LaunchTime).ToList();
    }

    /// <summary>
    /// Terminates with its own bounded token, never the command's: it runs after Ctrl+C and after failures too.
    /// </summary>
    public async Task TerminateAsync(ResolvedConnection connection, string instanceId, string why, EngineEventStream events)
    {
        using var bounded = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await clients.Ec2(connection).TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = new List<string> { instanceId } }, bounded.Token).ConfigureAwait(false);
            events.Verbose("Terminated build instance " + instanceId + " in " + connection.Region + " (" + why + ").");
        }
        catch (Exception exception)
        {
            var cause = AwsErrorMap.Translate(exception, instanceId);
            if (cause.AwsErrorCode == "InvalidInstanceID.NotFound") return;
            throw new AmiOperationException(ErrorIds.BuildInstanceNotTerminated, AmiErrorCategory.ResourceUnavailable, instanceId,
                "Build instance " + instanceId + " in " + connection.Region + " could not be terminated (" + cause.Message + "). It still runs and costs money: " +
                "run Invoke-GoldenAmiBuild -Cleanup -Region " + connection.Region + ", or terminate it in the console.", cause.AwsErrorCode, exception);
        }
    }

    internal static AmiBuildInstance ToOutput(Instance instance, ResolvedConnection connection)
    {
        var tags = (instance.Tags ?? new List<Tag>()).ToDictionary(t => t.Key, t => t.Value ?? "", StringComparer.Ordinal);
        return new AmiBuildInstance
        {
            InstanceId = instance.InstanceId,
            BuildId = tags.TryGetValue(BuildTags.BuildIdKey, out var id) ? id : "",
            State = instance.State?.Name?.Value ?? "unknown",
            StateReason = instance.StateReason?.Code,
            SourceImageId = instance.ImageId,
            InstanceType = instance.InstanceType?.Value,
            LaunchTime = instance.LaunchTime?.ToUniversalTime(),
            Region = connection.Region,
            Tags = tags,
        }.At(connection);
    }
}
