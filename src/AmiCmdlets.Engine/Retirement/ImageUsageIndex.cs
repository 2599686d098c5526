using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>
    /// What in one region still launches from the given images: instances in any state but terminated
    /// (a stopped instance is started again from its volumes, but an Auto Scaling replacement needs the image),
    /// and the $Latest and $Default versions of every launch template. Two paged calls per 200 images, whatever
    /// the number of images: DescribeInstances and DescribeLaunchTemplateVersions, both filtered on image-id.
    /// </summary>
    /// <remarks>
    /// Without a template id EC2 describes only the $Latest and $Default versions of the templates, which are
    /// the versions launches use unless a caller pins a number. Pinned older versions, SSM parameters and
    /// Image Builder recipes are what DescribeImageReferences sees, at 10 images per call: not used here, so a
    /// large batch stays within a handful of calls.
    /// </remarks>
    internal sealed class ImageUsageIndex
    {
        private static readonly List<string> LiveInstanceStates = new List<string> { "pending", "running", "shutting-down", "stopping", "stopped" };
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

        private void Add(string imageId, string user)
        {
            if (!_users.TryGetValue(imageId, out var users)) _users[imageId] = users = new List<string>();
            if (!users.Contains(user)) users.Add(user);
        }

        private static async Task ForEachInstanceAsync(IAmazonEC2 ec2, List<string> imageIds, Action<Instance> onInstance, CancellationToken cancellationToken)
        {
            var request = new DescribeInstancesRequest
            {
                Filters = new List<Filter> { new Filter("image-id", imageIds), new Filter("instance-state-name", LiveInstanceStates) },
                MaxResults = 1000,
            };
            do
            {
                var response = await ec2.DescribeInstancesAsync(request, cancellationToken).ConfigureAwait(false);
                foreach (var reservation in response.Reservations ?? new List<Reservation>())
                    foreach (var instance in reservation.Instances ?? new List<Instance>()) onInstance(instance);
                request.NextToken = response.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
        }

        private static async Task ForEachTemplateVersionAsync(IAmazonEC2 ec2, List<string> imageIds, Action<LaunchTemplateVersion> onVersion, CancellationToken cancellationToken)
        {
            var request = new DescribeLaunchTemplateVersionsRequest
            {
                Versions = new List<string> { "$Latest", "$Default" },
                Filters = new List<Filter> { new Filter("image-id", imageIds) },
                MaxResults = 200,
            };
            do
            {
                var response = await ec2.DescribeLaunchTemplateVersionsAsync(request, cancellationToken).ConfigureAwait(false);
                foreach (var version in response.LaunchTemplateVersions ?? new List<LaunchTemplateVersion>()) onVersion(version);
                request.NextToken = response.NextToken;
            }
            while (!string.IsNullOrEmpty(request.NextToken));
        }
    }
}
