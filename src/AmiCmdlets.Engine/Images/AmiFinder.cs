using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// Get-Ami: DescribeImages in every asked region at once, each page streamed out as it arrives.
/// Literal ids that no region has are reported once each as AmiNotFound; wildcards never are.
/// </summary>
public sealed class AmiFinder(AwsClientFactory clients)
{
    private const int PageSize = 1000;
    private readonly CallerIdentityReader _identity = new CallerIdentityReader(clients);

    public async Task FindAsync(IReadOnlyList<ResolvedConnection> regions, ImageQuery query, EngineEventStream events, CancellationToken cancellationToken)
    {
        // Only the literal ids asked for are remembered: a wildcard search over 100,000 images must not keep them all.
        var literalIds = new HashSet<string>(query.ImageIds.Where(id => !FilterValues.HasWildcard(id)), StringComparer.Ordinal);
        var found = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var deregistered = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failedRegions = await PlaceFanOut.ForEachPlaceAsync(regions, async region =>
        {
            foreach (var request in BuildRequests(query))
            {
                // Each image waits for room in the event stream: paging goes no faster than the pipeline reads.
                var ownOnly = request.Owners is { Count: 1 } owners && owners[0] == "self";
                await StreamImagesAsync(region, request, async image =>
                {
                    if (literalIds.Contains(image.ImageId)) found[image.ImageId] = true;
                    var ami = AmiMapper.ToAmi(image, region, await CallerFor(region, image, ownOnly, cancellationToken).ConfigureAwait(false));
                    if (query.Sources.Count > 0 && !query.Sources.Contains(ami.Source)) return;
                    await events.OutputAsync(ami, cancellationToken).ConfigureAwait(false);
                }, cancellationToken, gone => deregistered[gone.ImageId] = region.Region).ConfigureAwait(false);
            }
        }, region => "DescribeImages in " + PlaceFanOut.NameOf(region), events, cancellationToken).ConfigureAwait(false);

        // An id we could not look up everywhere is not known to be missing.
        if (failedRegions.Count > 0) return;
        foreach (var id in query.ImageIds.Where(id => !FilterValues.HasWildcard(id) && !found.ContainsKey(id)).Distinct(StringComparer.Ordinal))
        {
            // A deregistered image that EC2 still lists is as gone as one it no longer lists: not an Ami.
            events.Error(deregistered.TryGetValue(id, out var where)
                ? EngineErrors.AmiNotFound(id, where, "it has been deregistered")
                : EngineErrors.AmiNotFound(id, string.Join(", ", regions.Select(PlaceFanOut.NameOf).Distinct())));
        }
    }

    /// <summary>
    /// Who reads the image, where its source depends on it: only private images of ordinary accounts need it, and
    /// an "Owner self" listing already says so; otherwise STS is asked once per identity (public images never cost a call).
    /// </summary>
    private Task<string?> CallerFor(ResolvedConnection region, Image image, bool ownOnly, CancellationToken cancellationToken)
    {
        if (ownOnly) return Task.FromResult<string?>(image.OwnerId);
        if (!ImageSourceRules.NeedsCaller(image)) return Task.FromResult<string?>(null);
        return AccountAsync(region, cancellationToken);
    }

    private async Task<string?> AccountAsync(ResolvedConnection region, CancellationToken cancellationToken) =>
        await _identity.AccountIdAsync(region, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Pages through DescribeImages, handing each image over while the next page is on its way. Deregistered
    /// images (which EC2 still lists for a while) are never handed to <paramref name="onImage"/>: to every caller
    /// they are gone, as they are once EC2 stops listing them. <paramref name="onDeregistered"/> hears of them.
    /// </summary>
    internal Task ForEachImageAsync(ResolvedConnection region, DescribeImagesRequest request, Action<Image> onImage, CancellationToken cancellationToken,
        Action<Image>? onDeregistered = null) =>
        StreamImagesAsync(region, request, image =>
        {
            onImage(image);
            return Task.CompletedTask;
        }, cancellationToken, onDeregistered);

    /// <summary>The same for a consumer that may make paging wait (a full event stream).</summary>
    internal Task StreamImagesAsync(ResolvedConnection region, DescribeImagesRequest request, Func<Image, Task> onImage, CancellationToken cancellationToken,
        Action<Image>? onDeregistered = null)
    {
        var ec2 = clients.Ec2(region);
        return DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeImagesAsync, response => response.NextToken, async response =>
        {
            foreach (var image in response.Images ?? new List<Image>())
            {
                if (DeregisteredImage.Is(image)) onDeregistered?.Invoke(image);
                else await onImage(image).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <summary>One request, or one per 200 ids when many ids are asked for.</summary>
    internal static IEnumerable<DescribeImagesRequest> BuildRequests(ImageQuery query)
    {
        if (query.ImageIds.Count <= FilterValues.Limit)
        {
            yield return BuildRequest(query);
            yield break;
        }
        foreach (var chunk in FilterValues.Chunks(query.ImageIds))
        {
            yield return BuildRequest(new ImageQuery
            {
                ImageIds = chunk,
                Names = query.Names,
                Owners = query.Owners,
                ExecutableBy = query.ExecutableBy,
                Tags = query.Tags,
                IncludeDeprecated = query.IncludeDeprecated,
                IncludeDisabled = query.IncludeDisabled,
                Sources = query.Sources,
            });
        }
    }

    /// <summary>
    /// The named images, whatever their state (deprecated, disabled), 200 ids a call. A filter, not ImageIds:
    /// one unknown id in ImageIds fails the whole call, while a filter simply leaves it out.
    /// </summary>
    internal async Task ForEachImageByIdAsync(ResolvedConnection region, IEnumerable<string> imageIds, Action<Image> onImage, CancellationToken cancellationToken,
        Action<Image>? onDeregistered = null)
    {
        foreach (var chunk in FilterValues.Chunks(imageIds.Distinct(StringComparer.Ordinal)))
        {
            var request = new DescribeImagesRequest
            {
                Filters = new List<Filter> { new Filter("image-id", chunk) },
                IncludeDeprecated = true,
                IncludeDisabled = true,
            };
            await ForEachImageAsync(region, request, onImage, cancellationToken, onDeregistered).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Your own images with these names (at most 200), whatever their state: names are unique per account and
    /// region, so this is how a capture or a copy finds the image a name already belongs to.
    /// </summary>
    internal static DescribeImagesRequest OwnImagesNamed(IEnumerable<string> names) => new DescribeImagesRequest
    {
        Owners = new List<string> { "self" },
        Filters = new List<Filter> { new Filter("name", names.ToList()) },
        IncludeDeprecated = true,
        IncludeDisabled = true,
    };

    internal static DescribeImagesRequest BuildRequest(ImageQuery query)
    {
        var filters = new List<Filter>();
        // Ids go in a filter, not ImageIds: one unknown id in ImageIds fails the whole call on AWS,
        // and a filter lets us page.
        if (query.ImageIds.Count > 0) filters.Add(new Filter("image-id", query.ImageIds.ToList()));
        if (query.Names.Count > 0) filters.Add(new Filter("name", query.Names.ToList()));
        foreach (var tag in query.Tags) filters.Add(new Filter("tag:" + tag.Key, new List<string> { tag.Value }));

        var owners = query.Owners.ToList();
        var executableBy = query.ExecutableBy.ToList();
        if (owners.Count == 0 && query.ImageIds.Count == 0 && executableBy.Count == 0)
        {
            if (query.Sources.Count > 0) (owners, executableBy) = ImageSourceRules.ScopeFor(query.Sources);
            else owners.Add("self");
        }

        // Named ids are shown whatever their state, as EC2 does for DescribeImages -ImageId.
        var allLiteral = query.ImageIds.Count > 0 && query.ImageIds.All(id => !FilterValues.HasWildcard(id));
        return new DescribeImagesRequest
        {
            Filters = filters.Count > 0 ? filters : null,
            Owners = owners.Count > 0 ? owners : null,
            ExecutableUsers = executableBy.Count > 0 ? executableBy : null,
            IncludeDeprecated = query.IncludeDeprecated || allLiteral ? true : (bool?)null,
            IncludeDisabled = query.IncludeDisabled || allLiteral ? true : (bool?)null,
            MaxResults = PageSize,
        };
    }
}
