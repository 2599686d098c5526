using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// What in one region still launches from the given images, for removal and Find-StaleAmi alike (so both
/// call the same image "in use"): instances in any state but terminated (a stopped instance is started
/// again from its volumes, but an Auto Scaling replacement needs the image), the $Latest and $Default
/// versions of every launch template (DescribeInstances and DescribeLaunchTemplateVersions, filtered on
/// image-id, 200 images a call), and what DescribeImageReferences sees besides (10 images a call): launch
/// template versions pinned by number, SSM parameters, Image Builder recipes.
/// </summary>
/// <remarks>
/// The first two calls name what they find precisely ("version 3 (latest)"); DescribeImageReferences gives
/// only the resource's ARN, so a template it alone reports is used by some other version.
/// </remarks>
internal sealed class ImageUsageIndex
{
    /// <summary>Every instance state but terminated: an instance in any of these may launch again from the image.</summary>
    internal static readonly IReadOnlyList<string> LiveInstanceStates = new[] { "pending", "running", "shutting-down", "stopping", "stopped" };
    private readonly Dictionary<string, List<string>> _users = new Dictionary<string, List<string>>(StringComparer.Ordinal);

    private ImageUsageIndex()
    {
    }

    /// <summary>Who uses the image, each as a short phrase ("instance i-0abc (running)"); empty when nothing does.</summary>
    public IReadOnlyList<string> UsersOf(string imageId) =>
        _users.TryGetValue(imageId, out var users) ? (IReadOnlyList<string>)users : new string[0];

    /// <summary>Reads the users of <paramref name="imageIds"/>; an SDK exception propagates for the caller to translate.</summary>
    public static async Task<ImageUsageIndex> BuildAsync(IAmazonEC2 ec2, IReadOnlyList<string> imageIds, CancellationToken cancellationToken)
    {
        var index = new ImageUsageIndex();
        var referencesTask = ImageReferenceLookup.FindAsync(ec2, imageIds, cancellationToken);
        foreach (var chunk in FilterValues.Chunks(imageIds))
        {
            // Both calls at once, each into its own list (their callbacks may run on different threads);
            // merged afterwards, instances first, so messages read the same every time.
            var instances = new List<Instance>();
            var versions = new List<LaunchTemplateVersion>();
            await Task.WhenAll(
                ForEachInstanceAsync(ec2, chunk, instances.Add, cancellationToken),
                ForEachTemplateVersionAsync(ec2, chunk, versions.Add, cancellationToken)).ConfigureAwait(false);
            foreach (var instance in instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal)) index.AddInstance(instance);
            foreach (var version in versions.OrderBy(v => v.LaunchTemplateName, StringComparer.Ordinal).ThenBy(v => v.VersionNumber)) index.AddTemplateVersion(version);
        }
        var references = await referencesTask.ConfigureAwait(false);
        foreach (var reference in references.OrderBy(r => r.Arn, StringComparer.Ordinal)) index.AddReference(reference);
        return index;
    }

    private void AddInstance(Instance instance)
    {
        if (instance.ImageId == null) return;
        Add(instance.ImageId, "instance " + instance.InstanceId + " (" + instance.State?.Name?.Value + ")");
    }

    private void AddTemplateVersion(LaunchTemplateVersion version)
    {
        var imageId = version.LaunchTemplateData?.ImageId;
        if (imageId == null) return;
        // Asked for $Latest and $Default only: a version that is not the default is the latest.
        Add(imageId, "launch template '" + version.LaunchTemplateName + "' (" + version.LaunchTemplateId + ") version " + version.VersionNumber +
            (version.DefaultVersion == true ? " (default)" : " (latest)"));
    }

    /// <summary>A resource the precise lookups did not already name (matched by its id, the ARN's last part).</summary>
    private void AddReference(ImageReference reference)
    {
        if (reference.ImageId == null || reference.Arn == null) return;
        var resourceId = reference.Arn.Substring(reference.Arn.LastIndexOf('/') + 1);
        if (_users.TryGetValue(reference.ImageId, out var known) && known.Any(u => u.Contains(resourceId))) return;
        var type = reference.ResourceType?.Value;
        Add(reference.ImageId, type == "ec2:LaunchTemplate" ? "launch template " + resourceId + " (a version other than $Default and $Latest; " + reference.Arn + ")"
            : type == "ec2:Instance" ? "instance " + resourceId
            : (type ?? "resource") + " " + reference.Arn);
    }

    private void Add(string imageId, string user)
    {
        if (!_users.TryGetValue(imageId, out var users)) _users[imageId] = users = new List<string>();
        if (!users.Contains(user)) users.Add(user);
    }

    private static async Task ForEachInstanceAsync(IAmazonEC2 ec2, List<string> imageIds, Action<Instance> onInstance, CancellationToken cancellationToken)
    {
        var request = new DescribeInstancesRequest
        {
            Filters = new List<Filter> { new Filter("image-id", imageIds), new Filter("instance-state-name", LiveInstanceStates.ToList()) },
            MaxResults = 1000,
        };
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeInstancesAsync, response => response.NextToken, response =>
        {
            foreach (var reservation in response.Reservations ?? new List<Reservation>())
                foreach (var instance in reservation.Instances ?? new List<Instance>()) onInstance(instance);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ForEachTemplateVersionAsync(IAmazonEC2 ec2, List<string> imageIds, Action<LaunchTemplateVersion> onVersion, CancellationToken cancellationToken)
    {
        var request = new DescribeLaunchTemplateVersionsRequest
        {
            Versions = new List<string> { "$Latest", "$Default" },
            Filters = new List<Filter> { new Filter("image-id", imageIds) },
            MaxResults = 200,
        };
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeLaunchTemplateVersionsAsync, response => response.NextToken, response =>
        {
            foreach (var version in response.LaunchTemplateVersions ?? new List<LaunchTemplateVersion>()) onVersion(version);
        }, cancellationToken).ConfigureAwait(false);
    }
}
