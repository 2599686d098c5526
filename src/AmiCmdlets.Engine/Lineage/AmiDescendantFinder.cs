using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Lineage;

/// <summary>
/// Find-AmiDescendant: every image of yours, in every place searched (each account of the fleet in each region),
/// made from one of the given images, however many copies and captures away. A copy names its source
/// (SourceImageId); a capture does not, so each image without one that is younger than the oldest root known is
/// asked for its ancestry (GetImageAncestry, under one limiter), and every link that chain shows is learnt too.
/// Image ids are unique across accounts and regions, so links are kept by id alone.
/// </summary>
public sealed class AmiDescendantFinder(AwsClientFactory clients)
{
    // A lineage that loops (never on AWS) must not hang the walk.
    private const int MaxGenerations = 100;

    public async Task FindAsync(IReadOnlyCollection<string> rootImageIds, IReadOnlyList<ResolvedConnection> places, EngineEventStream events, CancellationToken cancellationToken)
    {
        var roots = new HashSet<string>(rootImageIds, StringComparer.Ordinal);
        var images = new ConcurrentDictionary<string, Ami>(StringComparer.Ordinal);
        var placeOf = new ConcurrentDictionary<string, ResolvedConnection>(StringComparer.Ordinal);
        var finder = new AmiFinder(clients);
        await PlaceFanOut.ForEachPlaceAsync(places, place => finder.ForEachImageAsync(place, new DescribeImagesRequest
        {
            Owners = new List<string> { "self" },
            IncludeDeprecated = true,
            IncludeDisabled = true,
        }, image =>
        {
            images[image.ImageId] = AmiMapper.ToAmi(image, place, image.OwnerId);
            placeOf[image.ImageId] = place;
        }, cancellationToken),
            place => "DescribeImages of your images in " + PlaceFanOut.NameOf(place), events, cancellationToken).ConfigureAwait(false);

        var parents = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in images.Values.Where(i => i.SourceImageId != null)) parents[image.ImageId] = image.SourceImageId!;

        // An image older than every root cannot come from one: only when all roots' dates are known (they are ours).
        var rootDates = roots.Select(r => images.TryGetValue(r, out var root) ? root.CreationDate : null).ToList();
        var oldest = rootDates.Count > 0 && rootDates.All(d => d != null) ? rootDates.Min() : null;
        var unknown = images.Values.Where(i => i.SourceImageId == null && !roots.Contains(i.ImageId) && (oldest == null || i.CreationDate == null || i.CreationDate >= oldest)).ToList();
        var reader = new AmiAncestryReader(clients);
        var limiter = new CallLimiter(CallLimits.PerResourceCalls);
        await PlaceFanOut.ForEachAsync(unknown.Where(i => !parents.ContainsKey(i.ImageId)), async image =>
        {
            // Another image's chain may have shown this one's parent meanwhile: no call needed then.
            if (parents.ContainsKey(image.ImageId)) return;
            foreach (var entry in await reader.ReadAsync(placeOf[image.ImageId], image.ImageId, cancellationToken).ConfigureAwait(false))
                if (entry.SourceImageId != null) parents[entry.ImageId] = entry.SourceImageId;
        }, i => i.ImageId, i => "GetImageAncestry in " + i.Region, events, cancellationToken, limiter).ConfigureAwait(false);

        var found = new List<(Ami Image, int Generations)>();
        foreach (var image in images.Values)
        {
            if (roots.Contains(image.ImageId)) continue;
            var id = image.ImageId;
            for (var generation = 1; generation <= MaxGenerations && parents.TryGetValue(id, out var parent); generation++)
            {
                if (roots.Contains(parent))
                {
                    found.Add((image, generation));
                    break;
                }
                id = parent;
            }
        }
        foreach (var (image, generations) in found.OrderBy(f => f.Generations).ThenBy(f => f.Image.CreationDate).ThenBy(f => f.Image.ImageId, StringComparer.Ordinal))
        {
            events.Verbose(image.ImageId + " (" + image.Name + ", " + image.Region + ") is " + generations + " generation" + (generations == 1 ? "" : "s") + " from " + Chain(image.ImageId, parents, roots) + ".");
            await events.OutputAsync(image, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>"ami-a <- ami-b <- ami-root": the way back, for -Verbose.</summary>
    private static string Chain(string imageId, IReadOnlyDictionary<string, string> parents, HashSet<string> roots)
    {
        var steps = new List<string>();
        var id = imageId;
        while (steps.Count < MaxGenerations && parents.TryGetValue(id, out var parent))
        {
            steps.Add(parent);
            if (roots.Contains(parent)) break;
            id = parent;
        }
        return string.Join(" <- ", steps);
    }
}
