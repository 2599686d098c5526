using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Usage;

/// <summary>
/// Find-InstanceOnOutdatedAmi: per place, in parallel, the caller's instances and the image each was launched
/// from (DescribeInstanceImageMetadata, which still describes an image that is deprecated, disabled,
/// deregistered, no longer shared or not allowed), paged; then, only for other accounts' images that still look
/// available and are not public, one DescribeImages per 200 ids: an image the caller can no longer see is
/// no longer shared with it. The list a team needs before it retires a base image.
/// </summary>
public sealed class OutdatedImageInstanceFinder(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public Task FindAsync(IReadOnlyList<ResolvedConnection> places, OutdatedImageQuery query, EngineEventStream events, CancellationToken cancellationToken) =>
        PlaceFanOut.ForEachPlaceAsync(places, place => FindInPlaceAsync(place, query, events, cancellationToken),
            place => "Reading the images of the instances in " + place.Region, events, cancellationToken);

    private async Task FindInPlaceAsync(ResolvedConnection place, OutdatedImageQuery query, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ec2 = clients.Ec2(place);
        var rows = new List<InstanceImageMetadata>();
        var states = query.IncludeTerminated ? null : ImageUsageIndex.LiveInstanceStates.ToList();
        // Ids go in a filter: one unknown id in InstanceIds would fail the whole call.
        var idChunks = query.InstanceIds.Count == 0 ? new List<List<string>?> { null } : FilterValues.Chunks(query.InstanceIds).Select(c => (List<string>?)c).ToList();
        foreach (var chunk in idChunks)
        {
            var filters = new List<Filter>();
            if (states != null) filters.Add(new Filter("instance-state-name", states));
            if (chunk != null) filters.Add(new Filter("instance-id", chunk));
            var request = new DescribeInstanceImageMetadataRequest { Filters = filters, MaxResults = 1000 };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeInstanceImageMetadataAsync, response => response.NextToken,
                response => rows.AddRange(response.InstanceImageMetadata ?? new List<InstanceImageMetadata>()), cancellationToken).ConfigureAwait(false);
        }
        var wantedImages = new HashSet<string>(query.ImageIds, StringComparer.Ordinal);
        rows = rows.Where(r => r.ImageMetadata?.ImageId != null && (wantedImages.Count == 0 || wantedImages.Contains(r.ImageMetadata.ImageId))).ToList();
        if (query.InstanceIds.Count > 0)
        {
            foreach (var missing in query.InstanceIds.Except(rows.Select(r => r.InstanceId), StringComparer.Ordinal))
                events.Verbose("Instance " + missing + " is not in " + place.Region + " (or is terminated).");
        }

        var hidden = query.Reasons.Contains(OutdatedImageQuery.NotShared) ? await NoLongerVisibleAsync(place, rows, cancellationToken).ConfigureAwait(false) : new HashSet<string>();
        var now = _utcNow();
        foreach (var row in rows.OrderBy(r => r.InstanceId, StringComparer.Ordinal))
        {
            var reasons = ReasonsFor(row, hidden, query, now);
            if (reasons.Count == 0) continue;
            var image = row.ImageMetadata;
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in row.Tags ?? new List<Tag>()) tags[tag.Key] = tag.Value ?? "";
            events.Output(new InstanceOnOutdatedAmi
            {
                InstanceId = row.InstanceId ?? "",
                Region = place.Region,
                InstanceState = row.State?.Name?.Value ?? "",
                InstanceType = row.InstanceType?.Value,
                LaunchTime = row.LaunchTime?.ToUniversalTime(),
                Tags = tags,
                ImageId = image.ImageId,
                ImageName = image.Name,
                ImageState = image.State?.Value,
                ImageOwnerId = image.OwnerId,
                ImageCreationDate = AmiMapper.ParseTime(image.CreationDate),
                ImageDeprecationTime = AmiMapper.ParseTime(image.DeprecationTime),
                Reasons = reasons,
            }.At(place));
        }
    }

    private static List<string> ReasonsFor(InstanceImageMetadata row, HashSet<string> hidden, OutdatedImageQuery query, DateTime now)
    {
        var image = row.ImageMetadata;
        var state = image.State?.Value;
        var found = new List<string>();
        if (state == "deregistered") found.Add(OutdatedImageQuery.Deregistered);
        if (state == "disabled") found.Add(OutdatedImageQuery.Disabled);
        if (AmiMapper.ParseTime(image.DeprecationTime) is DateTime deprecated && deprecated <= now) found.Add(OutdatedImageQuery.Deprecated);
        if (hidden.Contains(image.ImageId)) found.Add(OutdatedImageQuery.NotShared);
        if (image.ImageAllowed == false) found.Add(OutdatedImageQuery.NotAllowed);
        if (query.OlderThanDays is int days && AmiMapper.ParseTime(image.CreationDate) is DateTime created && (now - created).TotalDays > days) found.Add(OutdatedImageQuery.Old);
        return found.Where(query.Reasons.Contains).ToList();
    }

    /// <summary>
    /// The images of other owners that still look available and are not public, but that the caller cannot see
    /// any more: their owner stopped sharing them. The instances run on, but cannot be replaced from them.
    /// </summary>
    private async Task<HashSet<string>> NoLongerVisibleAsync(ResolvedConnection place, List<InstanceImageMetadata> rows, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => r.ImageMetadata.State?.Value == "available" && r.ImageMetadata.IsPublic != true && r.ImageMetadata.OwnerId != r.OwnerId)
            .Select(r => r.ImageMetadata.ImageId).Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0) return new HashSet<string>(StringComparer.Ordinal);
        var visible = new HashSet<string>(StringComparer.Ordinal);
        await new AmiFinder(clients).ForEachImageByIdAsync(place, candidates, image => { lock (visible) visible.Add(image.ImageId); }, cancellationToken).ConfigureAwait(false);
        return new HashSet<string>(candidates.Where(id => !visible.Contains(id)), StringComparer.Ordinal);
    }
}
