using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Completion;

/// <summary>
/// -ImageId completion: your own AMIs in the resolved region, newest first, matched by id or by name
/// (typing 'web' offers the ids of the web-* images). One DescribeImages per minute at most.
/// </summary>
public sealed class ImageIdSuggestions(AwsClientFactory clients, SuggestionCache cache)
{
    /// <summary>One page: a completer may not page through thousands of images while the prompt waits.</summary>
    internal const int MaxImages = 1000;

    public static ImageIdSuggestions Shared { get; } = new ImageIdSuggestions(AwsClientFactory.Shared, SuggestionCache.Shared);

    /// <summary>Never throws; no suggestions when anything goes wrong.</summary>
    public IReadOnlyList<Suggestion> Suggest(ConnectionSettings parameters, ConnectionSettings? context, string? wordToComplete) =>
        cache.Suggest(clients, "images", "EC2", parameters, context, wordToComplete, FetchAsync);

    private async Task<IReadOnlyList<Suggestion>> FetchAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = new List<string> { "self" },
            // Enable-Ami and Get-Ami -IncludeDisabled take disabled images; the tooltip says which they are.
            IncludeDisabled = true,
            MaxResults = MaxImages,
        }, cancellationToken).ConfigureAwait(false);
        return DeregisteredImage.Without(response.Images)
            .Where(image => !string.IsNullOrEmpty(image.ImageId))
            .Select(image => (Image: image, Created: AmiMapper.ParseTime(image.CreationDate)))
            .OrderByDescending(row => row.Created ?? DateTime.MinValue)
            .Select(row => new Suggestion(row.Image.ImageId, Tooltip(row.Image, row.Created), row.Image.Name))
            .ToList();
    }

    private static string Tooltip(Image image, DateTime? created) =>
        (image.Name ?? "(no name)") + " | " + (image.State?.Value ?? "unknown state") +
        (created == null ? "" : " | created " + created.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
}
