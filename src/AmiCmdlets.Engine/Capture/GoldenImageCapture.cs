using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Capture;

/// <summary>
/// New-GoldenAmi: check the instance and the name (two describe calls), then one CreateImage with tags for
/// the image and its snapshots in TagSpecifications, never in a later CreateTags (tag policies reject
/// untagged creation). Deprecation and deregistration protection follow once the image id exists.
/// </summary>
public sealed class GoldenImageCapture(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private static readonly string[] CapturableStates = { "running", "stopped" };
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public async Task<CapturePlan> PlanAsync(ResolvedConnection connection, CaptureRequest request, CancellationToken cancellationToken)
    {
        NameTemplate.Validate(request.NameTemplate);
        var ec2 = clients.Ec2(connection);
        var (instance, ownerId) = await DescribeInstanceAsync(ec2, request.InstanceId, cancellationToken).ConfigureAwait(false);
        var state = instance.State?.Name?.Value ?? "unknown";
        if (Array.IndexOf(CapturableStates, state) < 0)
        {
            throw new AmiOperationException(ErrorIds.InstanceNotReady, AmiErrorCategory.ResourceUnavailable, request.InstanceId,
                "Instance " + request.InstanceId + " is " + state + "; an image can be captured only from a running or stopped instance.");
        }
        if (request.TrustPolicy != null)
            await new Trust.AmiTrustChecker(clients).RequireTrustedAsync(connection, request.InstanceId, instance.ImageId, request.TrustPolicy, _utcNow(), cancellationToken).ConfigureAwait(false);

        var instanceTags = (instance.Tags ?? new List<Tag>()).ToDictionary(t => t.Key, t => t.Value ?? "", StringComparer.Ordinal);
        instanceTags.TryGetValue("Name", out var instanceName);
        var name = NameTemplate.Expand(request.NameTemplate, _utcNow(), request.InstanceId, instanceName);
        AmiNameRules.Require(name, request.InstanceId);
        await RequireFreeNameAsync(ec2, connection.Region, name, cancellationToken).ConfigureAwait(false);

        var devices = (instance.BlockDeviceMappings ?? new List<InstanceBlockDeviceMapping>()).Select(m => m.DeviceName).ToList();
        var unknown = request.ExcludeDevices.Where(d => !devices.Contains(d, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new AmiOperationException(ErrorIds.DeviceNotFound, AmiErrorCategory.InvalidArgument, request.InstanceId,
                "Instance " + request.InstanceId + " has no device " + string.Join(", ", unknown) + "; its devices are " + string.Join(", ", devices) + ".");
        }
        if (instance.RootDeviceName != null && request.ExcludeDevices.Contains(instance.RootDeviceName, StringComparer.Ordinal))
        {
            throw new AmiOperationException(ErrorIds.CannotExcludeRootDevice, AmiErrorCategory.InvalidArgument, request.InstanceId,
                "The root device " + instance.RootDeviceName + " cannot be excluded from the image.");
        }

        var imageTags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.CopyInstanceTags)
        {
            // aws:* tags belong to AWS and cannot be set by callers.
            foreach (var tag in TagRules.Copyable(instanceTags)) imageTags[tag.Key] = tag.Value;
        }
        foreach (var tag in request.Tags) imageTags[tag.Key] = tag.Value;
        var snapshotTags = new Dictionary<string, string>(imageTags, StringComparer.Ordinal);
        foreach (var tag in request.SnapshotTags) snapshotTags[tag.Key] = tag.Value;
        TagRules.RequireFits(imageTags, request.InstanceId, "The image's tags (" + (request.CopyInstanceTags ? request.InstanceId + "'s plus -Tag" : "-Tag") + ")");
        TagRules.RequireFits(snapshotTags, request.InstanceId, "The snapshots' tags (the image's plus -SnapshotTag)");

        return new CapturePlan(request, name, ownerId, state, imageTags, snapshotTags,
            devices.Where(d => !request.ExcludeDevices.Contains(d, StringComparer.Ordinal)).ToList());
    }

    /// <summary>Creates the image. The returned Ami is pending and carries what we sent (no extra describe).</summary>
    public async Task<Ami> CreateAsync(ResolvedConnection connection, CapturePlan plan, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(connection);
        var request = new CreateImageRequest
        {
            InstanceId = plan.Request.InstanceId,
            Name = plan.Name,
            Description = plan.Request.Description,
            NoReboot = plan.Request.NoReboot,
            BlockDeviceMappings = plan.Request.ExcludeDevices.Count == 0 ? null
                : plan.Request.ExcludeDevices.Select(d => new BlockDeviceMapping { DeviceName = d, NoDevice = "" }).ToList(),
            TagSpecifications = TagSpecifications(plan),
        };
        string? imageId;
        try
        {
            imageId = (await ec2.CreateImageAsync(request, cancellationToken).ConfigureAwait(false)).ImageId;
        }
        catch (AmazonEC2Exception duplicate) when (duplicate.ErrorCode == "InvalidAMIName.Duplicate")
        {
            // The name was free a moment ago: most likely a retried CreateImage whose first attempt succeeded.
            // If the image with the name comes from this instance, it is ours; otherwise someone was quicker.
            imageId = await FindOwnImageAsync(ec2, plan, cancellationToken).ConfigureAwait(false);
            if (imageId == null) throw AwsErrorMap.Translate(duplicate, plan.Request.InstanceId, "CreateImage '" + plan.Name + "' from " + plan.Request.InstanceId);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, plan.Request.InstanceId, "CreateImage '" + plan.Name + "' from " + plan.Request.InstanceId);
        }
        events.Verbose("Created " + imageId + " ('" + plan.Name + "') from " + plan.Request.InstanceId + " in " + connection.Region + ".");

        await ApplyRetirementSettingsAsync(ec2, imageId, plan.Request, events, cancellationToken).ConfigureAwait(false);
        return new Ami
        {
            ImageId = imageId,
            Name = plan.Name,
            Region = connection.Region,
            State = "pending",
            CreationDate = _utcNow(),
            OwnerId = plan.OwnerId,
            Description = plan.Request.Description,
            Tags = plan.ImageTags,
            DeprecationTime = plan.Request.DeprecateAtUtc,
            DeregistrationProtection = plan.Request.EnableDeregistrationProtection,
        }.At(connection);
    }

    /// <summary>The image named as planned, if it was made from the planned instance.</summary>
    private static async Task<string?> FindOwnImageAsync(IAmazonEC2 ec2, CapturePlan plan, CancellationToken cancellationToken)
    {
        var response = await ec2.DescribeImagesAsync(AmiFinder.OwnImagesNamed(new[] { plan.Name }), cancellationToken).ConfigureAwait(false);
        // A deregistered image of that name (EC2 lists it for a while) is no earlier capture to adopt.
        return DeregisteredImage.Without(response.Images).FirstOrDefault(i => i.SourceInstanceId == plan.Request.InstanceId)?.ImageId;
    }

    /// <summary>
    /// New-GoldenAmi -Wait: each image is output once available. Every failed one is cleaned up (with
    /// <paramref name="cleanUpOnFailure"/>) before ONE error that names every image that failed, timed out or vanished.
    /// </summary>
    public async Task<WaitReport> WaitAsync(IReadOnlyList<(ResolvedConnection Connection, Ami Image)> created, bool cleanUpOnFailure, WaitPolicy policy,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var targets = WaitTarget.PerRegion(created.Select(c => (c.Connection, c.Image.ImageId)));
        var report = await new ImageWaiter(clients).WaitAsync(targets, "available", policy, events, cancellationToken).ConfigureAwait(false);
        var problems = new List<AmiOperationException>();
        foreach (var failed in report.Failed)
        {
            try { if (cleanUpOnFailure) await CleanUpFailedAsync(created.First(c => c.Image.ImageId == failed.ImageId).Connection, failed, events, cancellationToken).ConfigureAwait(false); }
            catch (AmiOperationException error) when (!AwsErrorMap.IsFatal(error)) { events.Error(error); }
            problems.Add(ImageWaiter.CreationFailed(failed));
        }
        problems.AddRange(report.TimedOut.Select(image => ImageWaiter.TimedOut(image, policy)));
        problems.AddRange(report.Missing.Select(ImageWaiter.NotFound));
        if (problems.Count == 0) return report;
        throw problems.Count == 1 ? problems[0] : new AmiOperationException(problems[0].ErrorId, problems[0].Category, problems[0].Target,
            string.Join(Environment.NewLine, problems.Select(p => p.Message)));
    }

    /// <summary>-CleanupOnFailure: a failed image is deregistered together with whatever snapshots it got.</summary>
    public async Task CleanUpFailedAsync(ResolvedConnection connection, Ami failed, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(connection);
        try
        {
            // -EnableDeregistrationProtection applied itself to the image that then failed.
            if (failed.DeregistrationProtection)
            {
                await ec2.DisableImageDeregistrationProtectionAsync(new DisableImageDeregistrationProtectionRequest { ImageId = failed.ImageId }, cancellationToken).ConfigureAwait(false);
            }
            await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = failed.ImageId, DeleteAssociatedSnapshots = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, failed.ImageId, "Cleaning up failed image " + failed.ImageId);
        }
        events.Verbose("Deregistered failed image " + failed.ImageId + " and deleted its snapshots" +
            (failed.SnapshotIds.Count > 0 ? " (" + string.Join(", ", failed.SnapshotIds) + ")" : "") + ".");
    }

    private static async Task ApplyRetirementSettingsAsync(IAmazonEC2 ec2, string imageId, CaptureRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        try
        {
            if (request.DeprecateAtUtc is DateTime deprecateAt)
            {
                await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = imageId, DeprecateAt = deprecateAt }, cancellationToken).ConfigureAwait(false);
            }
            if (request.EnableDeregistrationProtection)
            {
                await ec2.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = imageId }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The image exists and will build: say so, rather than leave it unmentioned.
            events.Error(AwsErrorMap.Translate(exception, imageId, "Image " + imageId + " was created, but setting its deprecation or protection failed"));
        }
    }

    private static List<TagSpecification>? TagSpecifications(CapturePlan plan)
    {
        var specifications = new List<TagSpecification>();
        if (plan.ImageTags.Count > 0) specifications.Add(new TagSpecification { ResourceType = ResourceType.Image, Tags = ToTags(plan.ImageTags) });
        if (plan.SnapshotTags.Count > 0) specifications.Add(new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = ToTags(plan.SnapshotTags) });
        return specifications.Count > 0 ? specifications : null;
    }

    internal static List<Tag> ToTags(IReadOnlyDictionary<string, string> tags) => tags.Select(t => new Tag(t.Key, t.Value)).ToList();

    private static async Task<(Instance Instance, string OwnerId)> DescribeInstanceAsync(IAmazonEC2 ec2, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { instanceId } }, cancellationToken).ConfigureAwait(false);
            var reservation = response.Reservations?.FirstOrDefault(r => r.Instances?.Any(i => i.InstanceId == instanceId) == true);
            var instance = reservation?.Instances.First(i => i.InstanceId == instanceId);
            if (reservation == null || instance == null) throw NotFound(instanceId);
            return (instance, reservation.OwnerId ?? "");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && !(exception is AmiOperationException))
        {
            throw AwsErrorMap.Translate(exception, instanceId, "DescribeInstances " + instanceId);
        }
    }

    private static AmiOperationException NotFound(string instanceId) =>
        new AmiOperationException(ErrorIds.InstanceNotFound, AmiErrorCategory.ObjectNotFound, instanceId, "Instance " + instanceId + " was not found in this region.");

    private static async Task RequireFreeNameAsync(IAmazonEC2 ec2, string region, string name, CancellationToken cancellationToken)
    {
        DescribeImagesResponse response;
        try
        {
            response = await ec2.DescribeImagesAsync(AmiFinder.OwnImagesNamed(new[] { name }), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, name, "DescribeImages name=" + name);
        }
        // Deregistering frees the name at once, although EC2 may still list the image as deregistered.
        var holder = DeregisteredImage.Without(response.Images).FirstOrDefault();
        if (holder != null)
        {
            throw new AmiOperationException(ErrorIds.AmiNameInUse, AmiErrorCategory.ResourceExists, name,
                "The AMI name '" + name + "' is already used by " + holder.ImageId + " (" + holder.State?.Value + ") in " + region +
                ". AMI names are unique per account and region: choose another name, or a template such as 'web-{timestamp}'.");
        }
    }
}
