using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.BaseImages;

/// <summary>
/// Find-BaseAmi: the newest available images of a catalogue operating system (or of a public SSM parameter) in
/// every asked place at once, one DescribeImages per place with the owner, name, architecture and state filtered by
/// EC2, so a region's hundreds of thousands of public images are never listed.
/// </summary>
public sealed class BaseImageFinder(AwsClientFactory clients)
{
    public async Task FindAsync(IReadOnlyList<ResolvedConnection> places, BaseImageQuery query, EngineEventStream events, CancellationToken cancellationToken)
    {
        var entry = query.Validate();
        var request = BuildRequest(entry, query);
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachPlaceAsync(places, async place =>
        {
            var images = new List<Image>();
            await finder.ForEachImageAsync(place, request, image =>
            {
                // EC2 already filtered on the owner; checked again because trust is the point of this command.
                if (entry == null ? ImageSourceRules.IsVerifiedProvider(image.ImageOwnerAlias, image.OwnerId) : IsCatalogueOwner(entry, image)) images.Add(image);
            }, cancellationToken).ConfigureAwait(false);
            foreach (var newest in images.OrderByDescending(i => AmiMapper.ParseTime(i.CreationDate) ?? DateTime.MinValue).ThenByDescending(i => i.Name, StringComparer.Ordinal).Take(query.Latest))
                await events.OutputAsync(AmiMapper.ToAmi(newest, place), cancellationToken).ConfigureAwait(false);
        }, place => "DescribeImages in " + place.Region, events, cancellationToken).ConfigureAwait(false);
    }

    internal static DescribeImagesRequest BuildRequest(BaseImageEntry? entry, BaseImageQuery query)
    {
        var filters = new List<Filter> { new Filter("state", new List<string> { "available" }) };
        List<string>? owners = null;
        if (entry != null)
        {
            var architecture = query.Architecture ?? "x86_64";
            owners = entry.Owners.ToList();
            filters.Add(new Filter("name", new List<string> { entry.NameFilter(architecture, query.Language ?? BaseImageCatalogue.DefaultLanguage) }));
            filters.Add(new Filter("architecture", new List<string> { architecture }));
        }
        else
        {
            filters.Add(new Filter("public-ssm-parameter-name", new List<string> { query.PublicParameter! }));
            if (query.Architecture != null) filters.Add(new Filter("architecture", new List<string> { query.Architecture }));
        }
        return new DescribeImagesRequest
        {
            Owners = owners,
            Filters = filters,
            IncludeDeprecated = query.IncludeDeprecated ? true : (bool?)null,
            MaxResults = 1000,
        };
    }

    private static bool IsCatalogueOwner(BaseImageEntry entry, Image image) =>
        entry.Owners.Any(owner => owner == image.OwnerId || owner == image.ImageOwnerAlias);
}
