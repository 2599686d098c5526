using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Governance;

/// <summary>
/// What would stop working in one place under new Allowed AMIs criteria: instances (DescribeInstanceImageMetadata,
/// which still describes an image that is deprecated, deregistered or no longer visible) and the $Default and $Latest
/// versions of launch templates (DescribeLaunchTemplateVersions) whose images the criteria would not allow. Images are
/// read once (DescribeImages by image-id filter, which never fails on an id it cannot see) for their product codes.
/// Only reads: a refusal makes no change.
/// </summary>
public sealed class AllowedImagesImpact(AwsClientFactory clients)
{
    public async Task<IReadOnlyList<string>> BlockedAsync(ResolvedConnection place, IReadOnlyList<AmiImageCriterion> criteria, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(place);
        var instances = new List<InstanceImageMetadata>();
        await DescribePages.ForEachAsync(new DescribeInstanceImageMetadataRequest { MaxResults = 1000 }, (r, token) => r.NextToken = token,
            ec2.DescribeInstanceImageMetadataAsync, response => response.NextToken,
            response => instances.AddRange(response.InstanceImageMetadata ?? new List<InstanceImageMetadata>()), cancellationToken).ConfigureAwait(false);
        instances = instances.Where(i => i.ImageMetadata?.ImageId != null && i.State?.Name?.Value is not ("terminated" or "shutting-down")).ToList();

        var templates = new List<LaunchTemplateVersion>();
        await DescribePages.ForEachAsync(new DescribeLaunchTemplateVersionsRequest { Versions = new List<string> { "$Latest", "$Default" }, MaxResults = 200 },
            (r, token) => r.NextToken = token, ec2.DescribeLaunchTemplateVersionsAsync, response => response.NextToken,
            response => templates.AddRange(response.LaunchTemplateVersions ?? new List<LaunchTemplateVersion>()), cancellationToken).ConfigureAwait(false);
        templates = templates.Where(t => t.LaunchTemplateData?.ImageId?.StartsWith("ami-", StringComparison.Ordinal) == true).ToList();

        var facts = await ImagesAsync(place, instances.Select(i => i.ImageMetadata.ImageId).Concat(templates.Select(t => t.LaunchTemplateData.ImageId)), cancellationToken).ConfigureAwait(false);
        foreach (var row in instances)
        {
            // An image DescribeImages no longer shows (deregistered, unshared): judged from what the instance's metadata says.
            if (facts.ContainsKey(row.ImageMetadata.ImageId)) continue;
            var image = row.ImageMetadata;
            facts[image.ImageId] = new ImageFacts
            {
                ImageId = image.ImageId, Name = image.Name, OwnerId = image.OwnerId, OwnerAlias = image.ImageOwnerAlias,
                CreationDate = AmiMapper.ParseTime(image.CreationDate), DeprecationTime = AmiMapper.ParseTime(image.DeprecationTime),
            };
        }

        bool Blocked(string imageId) => facts.TryGetValue(imageId, out var image) && !AllowedImageRules.Allows(criteria, image, place.AccountId, nowUtc);
        string Describe(string imageId) => imageId + (facts.TryGetValue(imageId, out var image) && image.Name != null ? " (" + image.Name + ", owner " + (image.OwnerAlias ?? image.OwnerId) + ")" : "");

        var blocked = new List<string>();
        foreach (var row in instances.Where(r => Blocked(r.ImageMetadata.ImageId)).OrderBy(r => r.InstanceId, StringComparer.Ordinal))
            blocked.Add("instance " + row.InstanceId + " (" + row.State?.Name?.Value + ") runs " + Describe(row.ImageMetadata.ImageId));
        foreach (var version in templates.Where(t => Blocked(t.LaunchTemplateData.ImageId))
            .GroupBy(t => t.LaunchTemplateId + "|" + t.VersionNumber).Select(g => g.First()).OrderBy(t => t.LaunchTemplateName, StringComparer.Ordinal))
            blocked.Add("launch template " + version.LaunchTemplateId + " (" + version.LaunchTemplateName + ") version " + version.VersionNumber +
                (version.DefaultVersion == true ? " (default)" : "") + " launches " + Describe(version.LaunchTemplateData.ImageId));
        return blocked;
    }

    private async Task<Dictionary<string, ImageFacts>> ImagesAsync(ResolvedConnection place, IEnumerable<string> imageIds, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, ImageFacts>(StringComparer.Ordinal);
        var finder = new AmiFinder(clients);
        foreach (var chunk in FilterValues.Chunks(imageIds.Distinct(StringComparer.Ordinal)))
        {
            var request = new DescribeImagesRequest { Filters = new List<Filter> { new Filter("image-id", chunk) }, IncludeDeprecated = true, IncludeDisabled = true };
            await finder.ForEachImageAsync(place, request, image => facts[image.ImageId] = new ImageFacts
            {
                ImageId = image.ImageId, Name = image.Name, OwnerId = image.OwnerId, OwnerAlias = image.ImageOwnerAlias,
                CreationDate = AmiMapper.ParseTime(image.CreationDate), DeprecationTime = AmiMapper.ParseTime(image.DeprecationTime),
                ProductCodes = (image.ProductCodes ?? new List<ProductCode>()).Select(c => c.ProductCodeId).ToList(),
            }, cancellationToken).ConfigureAwait(false);
        }
        return facts;
    }
}
