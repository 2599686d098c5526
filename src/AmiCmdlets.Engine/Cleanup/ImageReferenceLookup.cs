using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// DescribeImageReferences for the images about to be proposed or removed (part of <see cref="Retirement.ImageUsageIndex"/>):
/// it also sees what the cheaper instance/launch-template lookup cannot (pinned older template versions,
/// SSM parameters, Image Builder recipes). EC2 takes few ids per call, so only those images are asked
/// about, a few calls at a time.
/// </summary>
internal static class ImageReferenceLookup
{
    private const int IdsPerCall = 10;

    /// <summary>
    /// Every version a launch template can have (the API's maximum). AWS's default is the newest 10, but an
    /// Auto Scaling group may be pinned to any version, and launching from it fails once the image is gone.
    /// </summary>
    private const string EveryTemplateVersion = "10000";

    /// <summary>Every reference to the images; an SDK exception propagates for the caller to translate.</summary>
    public static async Task<IReadOnlyList<ImageReference>> FindAsync(IAmazonEC2 ec2, IReadOnlyList<string> imageIds, CancellationToken cancellationToken)
    {
        var chunks = imageIds.Select((id, i) => (id, i)).GroupBy(x => x.i / IdsPerCall, x => x.id).Select(g => g.ToList()).ToList();
        var gate = new CallLimiter(CallLimits.ImageReferenceCalls);
        var results = await Task.WhenAll(chunks.Select(chunk => gate.RunAsync(() => ReferencesAsync(ec2, chunk, cancellationToken), cancellationToken))).ConfigureAwait(false);
        return results.SelectMany(r => r).ToList();
    }

    private static async Task<List<ImageReference>> ReferencesAsync(IAmazonEC2 ec2, List<string> imageIds, CancellationToken cancellationToken)
    {
        var found = new List<ImageReference>();
        // Every resource type, with two defaults overridden: AWS counts terminated instances (they cannot
        // launch again) and only the newest 10 template versions.
        var request = new DescribeImageReferencesRequest
        {
            ImageIds = imageIds,
            IncludeAllResourceTypes = true,
            ResourceTypes = new List<ResourceTypeRequest>
            {
                new ResourceTypeRequest
                {
                    ResourceType = ImageReferenceResourceType.Ec2Instance,
                    ResourceTypeOptions = new List<ResourceTypeOption> { new ResourceTypeOption { OptionName = ImageReferenceOptionName.StateName, OptionValues = ImageUsageIndex.LiveInstanceStates.ToList() } },
                },
                new ResourceTypeRequest
                {
                    ResourceType = ImageReferenceResourceType.Ec2LaunchTemplate,
                    ResourceTypeOptions = new List<ResourceTypeOption> { new ResourceTypeOption { OptionName = ImageReferenceOptionName.VersionDepth, OptionValues = new List<string> { EveryTemplateVersion } } },
                },
            },
        };
        await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeImageReferencesAsync, response => response.NextToken, response => found.AddRange(response.ImageReferences ?? new List<ImageReference>()), cancellationToken).ConfigureAwait(false);
        return found;
    }
}
