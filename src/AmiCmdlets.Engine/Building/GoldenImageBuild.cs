using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Building;

/// <summary>
/// Invoke-GoldenAmiBuild: launch a tagged build instance from a base image, let its user data provision it and stop it,
/// capture it with New-GoldenAmi's logic (<see cref="GoldenImageCapture"/>), wait for the image, terminate the
/// build instance. The termination sits in a finally with its own bounded token, so a failure at any phase and
/// Ctrl+C still remove it; a killed process leaves a tagged instance that the next run of the same build (or
/// -Cleanup) finds.
/// </summary>
public sealed class GoldenImageBuild(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    /// <summary>Reads only (the source image, earlier build instances and their console): safe under -WhatIf.</summary>
    public async Task<BuildPlan> PlanAsync(ResolvedConnection connection, BuildRequest request, CancellationToken cancellationToken)
    {
        BuildRules.Validate(request);
        var buildId = BuildRules.BuildId(request);
        var (source, rootDevice) = await DescribeSourceAsync(connection, request.SourceImageId, cancellationToken).ConfigureAwait(false);
        var leftovers = await new BuildInstances(clients).FindAsync(connection, buildId, cancellationToken).ConfigureAwait(false);
        AmiBuildInstance? resume = null;
        foreach (var stopped in leftovers.Where(l => l.State == "stopped" && l.StateReason == "Client.InstanceInitiatedShutdown"))
        {
            // Stopped by its own script, and the script did not report a failure: provisioning finished.
            var console = new ConsoleTail();
            var lines = console.Add(await ConsoleTextAsync(connection, stopped.InstanceId, cancellationToken).ConfigureAwait(false));
            if (!lines.Any(line => BuildRules.IsFailureLine(request, line))) { resume = stopped; break; }
        }
        return new BuildPlan(request, buildId, source, rootDevice, leftovers, resume);
    }

    /// <summary>Runs the plan; the available image is output (by the capture's wait) before the build instance goes.</summary>
    public async Task RunAsync(ResolvedConnection connection, BuildPlan plan, WaitPolicy policy, EngineEventStream events, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        var instances = new BuildInstances(clients);
        var progressKey = "build:" + connection.Region + ":" + plan.BuildId;
        var activity = "Invoke-GoldenAmiBuild " + request.NameTemplate + " (build " + plan.BuildId + ")";
        string? instanceId = null;
        var launchSent = false;
        var keep = false;
        try
        {
            foreach (var stale in plan.ToTerminate)
            {
                events.Warning("Build instance " + stale.InstanceId + " (" + stale.State + ") was left by an interrupted run of build " + plan.BuildId + "; terminating it.");
                await instances.TerminateAsync(connection, stale.InstanceId, "left by an interrupted run", events).ConfigureAwait(false);
            }
            if (plan.Resume != null)
            {
                instanceId = plan.Resume.InstanceId;
                events.Warning("Resuming build " + plan.BuildId + ": build instance " + instanceId + " of an interrupted run was already provisioned and stopped; capturing it.");
            }
            else
            {
                events.Progress(progressKey, activity, "Launching a " + request.InstanceType + " build instance from " + plan.Source.ImageId);
                launchSent = true;
                instanceId = await LaunchAsync(connection, plan, cancellationToken).ConfigureAwait(false);
                events.Verbose("Launched build instance " + instanceId + " (" + request.InstanceType + ") from " + plan.Source.ImageId + " in " + connection.Region + ", tagged " + BuildTags.BuildIdKey + "=" + plan.BuildId + ".");
                await new ProvisioningWatch(clients).WaitForStopAsync(connection, instanceId, request, policy, progressKey, activity, events, cancellationToken).ConfigureAwait(false);
                events.Verbose("Build instance " + instanceId + " stopped: provisioning finished.");
            }

            events.Progress(progressKey, activity, "Capturing " + instanceId);
            var capture = new GoldenImageCapture(clients, utcNow);
            var image = await FindEarlierCaptureAsync(connection, plan.BuildId, instanceId, cancellationToken).ConfigureAwait(false)
                ?? await CaptureAsync(capture, connection, plan, instanceId, events, cancellationToken).ConfigureAwait(false);
            await capture.WaitAsync(new[] { (connection, image) }, cleanUpOnFailure: true, policy.ForNewImages(), events, cancellationToken).ConfigureAwait(false);
        }
        catch (AmiOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            keep = request.KeepOnFailure && instanceId != null;
            throw;
        }
        finally
        {
            events.Progress(progressKey, activity, "Cleaning up");
            try { await CleanUpAsync(connection, plan, instanceId, launchSent, keep, instances, events).ConfigureAwait(false); }
            catch (AmiOperationException error) { events.Error(error); }
            events.ProgressCompleted(progressKey, activity);
        }
    }

    private static async Task CleanUpAsync(ResolvedConnection connection, BuildPlan plan, string? instanceId, bool launchSent, bool keep,
        BuildInstances instances, EngineEventStream events)
    {
        if (keep)
        {
            events.Warning("-KeepOnFailure: build instance " + instanceId + " in " + connection.Region + " is kept for debugging (it costs money while it exists). " +
                           "Read its console with 'aws ec2 get-console-output --instance-id " + instanceId + "'; remove it with Invoke-GoldenAmiBuild -Cleanup -Region " + connection.Region + ".");
            return;
        }
        if (instanceId != null)
        {
            await instances.TerminateAsync(connection, instanceId, "the build is over", events).ConfigureAwait(false);
            return;
        }
        if (!launchSent) return;
        // Stopped while RunInstances was under way: an instance may have started without us learning its id. Its tag names it.
        using var bounded = new CancellationTokenSource(BuildInstances.CleanupTimeout);
        IReadOnlyList<AmiBuildInstance> launched;
        try { launched = await instances.FindAsync(connection, plan.BuildId, bounded.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { launched = Array.Empty<AmiBuildInstance>(); }
        foreach (var orphan in launched) await instances.TerminateAsync(connection, orphan.InstanceId, "launched as the build stopped", events).ConfigureAwait(false);
    }

    private async Task<string> LaunchAsync(ResolvedConnection connection, BuildPlan plan, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        var tags = BuildTags.ForInstance(plan.BuildId, request);
        var launch = new RunInstancesRequest
        {
            ImageId = plan.Source.ImageId,
            InstanceType = new InstanceType(request.InstanceType),
            MinCount = 1,
            MaxCount = 1,
            // The SDK retries a request with the same token, so a retried launch never starts a second instance; the
            // run's own part keeps a re-run from replaying an earlier run's (possibly terminated) reservation.
            ClientToken = plan.BuildId + "-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            SubnetId = request.SubnetId,
            SecurityGroupIds = request.SecurityGroupIds.Count == 0 ? null : request.SecurityGroupIds.ToList(),
            IamInstanceProfile = request.IamInstanceProfile == null ? null
                : request.IamInstanceProfile.StartsWith("arn:", StringComparison.Ordinal)
                    ? new IamInstanceProfileSpecification { Arn = request.IamInstanceProfile }
                    : new IamInstanceProfileSpecification { Name = request.IamInstanceProfile },
            MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = HttpTokensState.Required, HttpEndpoint = InstanceMetadataEndpointState.Enabled },
            InstanceInitiatedShutdownBehavior = ShutdownBehavior.Stop,
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.UserData)),
            BlockDeviceMappings = RootVolume(plan),
            TagSpecifications = new List<TagSpecification>
            {
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = tags },
            },
        };
        try
        {
            var response = await clients.Ec2(connection).RunInstancesAsync(launch, cancellationToken).ConfigureAwait(false);
            return response.Reservation.Instances.Single().InstanceId;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, plan.Source.ImageId, "RunInstances (build instance from " + plan.Source.ImageId + ")");
        }
    }

    private static List<BlockDeviceMapping>? RootVolume(BuildPlan plan)
    {
        var request = plan.Request;
        if (request.RootVolumeSizeGiB == null && request.RootVolumeType == null && !request.Encrypted && request.KmsKeyId == null) return null;
        return new List<BlockDeviceMapping>
        {
            new BlockDeviceMapping
            {
                DeviceName = plan.RootDeviceName ?? "/dev/xvda",
                Ebs = new EbsBlockDevice
                {
                    VolumeSize = request.RootVolumeSizeGiB,
                    VolumeType = request.RootVolumeType == null ? null : new VolumeType(request.RootVolumeType),
                    // A KMS key means an encrypted volume; EC2 refuses a key without Encrypted.
                    Encrypted = request.Encrypted || request.KmsKeyId != null ? true : (bool?)null,
                    KmsKeyId = request.KmsKeyId,
                    DeleteOnTermination = true,
                },
            },
        };
    }

    private static async Task<Ami> CaptureAsync(GoldenImageCapture capture, ResolvedConnection connection, BuildPlan plan, string instanceId,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [BuildTags.BuildIdKey] = plan.BuildId, [BuildTags.SourceImageKey] = request.SourceImageId };
        foreach (var tag in request.Tags) tags[tag.Key] = tag.Value;
        var capturePlan = await capture.PlanAsync(connection, new CaptureRequest
        {
            InstanceId = instanceId,
            NameTemplate = request.NameTemplate,
            Description = request.Description ?? "Built by Invoke-GoldenAmiBuild from " + request.SourceImageId + " (build " + plan.BuildId + ")",
            NoReboot = true,
            Tags = tags,
            SnapshotTags = request.SnapshotTags,
            DeprecateAtUtc = request.DeprecateAtUtc,
            EnableDeregistrationProtection = request.EnableDeregistrationProtection,
        }, cancellationToken).ConfigureAwait(false);
        return await capture.CreateAsync(connection, capturePlan, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An image an interrupted run already created from this build instance (killed after CreateImage): waited for, not made twice.</summary>
    private async Task<Ami?> FindEarlierCaptureAsync(ResolvedConnection connection, string buildId, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest
            {
                Owners = new List<string> { "self" },
                Filters = new List<Filter> { new Filter("tag:" + BuildTags.BuildIdKey, new List<string> { buildId }) },
                IncludeDeprecated = true,
                IncludeDisabled = true,
            }, cancellationToken).ConfigureAwait(false);
            var earlier = DeregisteredImage.Without(response.Images).FirstOrDefault(i => i.SourceInstanceId == instanceId);
            return earlier == null ? null : AmiMapper.ToAmi(earlier, connection);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, instanceId, "DescribeImages (an earlier capture of build " + buildId + ")");
        }
    }

    private async Task<(Ami Source, string? RootDevice)> DescribeSourceAsync(ResolvedConnection connection, string imageId, CancellationToken cancellationToken)
    {
        Image? image;
        try
        {
            var response = await clients.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest
            {
                ImageIds = new List<string> { imageId },
                IncludeDeprecated = true,
            }, cancellationToken).ConfigureAwait(false);
            image = DeregisteredImage.Without(response.Images).FirstOrDefault(i => i.ImageId == imageId);
        }
        catch (AmazonEC2Exception missing) when (missing.ErrorCode == "InvalidAMIID.NotFound")
        {
            image = null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, imageId, "DescribeImages " + imageId);
        }
        if (image == null) throw EngineErrors.AmiNotFound(imageId, connection.Region, "there is nothing to build from");
        var source = AmiMapper.ToAmi(image, connection);
        if (source.State != "available") throw EngineErrors.AmiNotAvailable(source, "built from", "A build instance can be launched only from an available image.");
        return (source, image.RootDeviceName);
    }

    private async Task<string> ConsoleTextAsync(ResolvedConnection connection, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var output = await clients.Ec2(connection).GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId, Latest = true }, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(output.Output) ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(output.Output));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, instanceId, "GetConsoleOutput " + instanceId);
        }
    }
}
