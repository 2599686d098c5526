using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Usage;

/// <summary>
/// Get-AmiUsage: for the caller's own images, place by place in parallel, what uses each one: the owner's
/// account live (DescribeImageReferences: instances not terminated, every launch template version, SSM
/// parameters, Image Builder recipes) and every other account through an image usage report
/// (<see cref="UsageReportBroker"/>), both at once. A report that fails is one error for its image, and no row
/// pretends the image is unused.
/// </summary>
public sealed class AmiUsageReader(AwsClientFactory clients)
{
    private readonly UsageReportBroker _reports = new UsageReportBroker(clients);

    public async Task ReadAsync(IReadOnlyList<RegionBatch> batches, UsageReportOptions options, EngineEventStream events, CancellationToken cancellationToken)
    {
        var owned = await new OwnedImageLookup(clients, "see who uses it (usage reports are the owner's)").FindAsync(batches, events, cancellationToken).ConfigureAwait(false);
        await PlaceFanOut.ForEachPlaceAsync(owned, image => image.Connection, (place, images) => ReadPlaceAsync(place, images, options, events, cancellationToken),
            place => "Reading who uses the images in " + place.Region, events, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadPlaceAsync(ResolvedConnection place, IReadOnlyList<OwnedImage> images, UsageReportOptions options, EngineEventStream events, CancellationToken cancellationToken)
    {
        var ids = images.Select(i => i.ImageId).ToList();
        var ownTask = ImageReferenceLookup.FindAsync(clients.Ec2(place), ids, cancellationToken);
        var reportsTask = _reports.ReportsAsync(place, ids, options, events, cancellationToken);
        IReadOnlyList<ImageReference> own = new ImageReference[0];
        var ownFailure = await PlaceFanOut.TryAsync(async () => own = await ownTask.ConfigureAwait(false), place,
            "DescribeImageReferences in " + PlaceFanOut.NameOf(place) + " failed", cancellationToken).ConfigureAwait(false);
        var reports = await reportsTask.ConfigureAwait(false);

        foreach (var image in images)
        {
            var rows = new List<AmiUsage>();
            if (ownFailure != null) events.Error(EngineErrors.For(ownFailure, image.ImageId, ownFailure.Message + "; what in your own account uses " + image.ImageId + " is unknown."));
            else rows.AddRange(OwnRows(image, own.Where(r => r.ImageId == image.ImageId)));
            var outcome = reports[image.ImageId];
            if (outcome.Failure != null) events.Error(outcome.Failure);
            else rows.AddRange(outcome.Uses.Select(use => Row(image, use.AccountId, use.ResourceType, use.Count, new string[0], outcome)));
            if (rows.Count == 0 && ownFailure == null && outcome.Failure == null) rows.Add(Row(image, null, null, 0, new string[0], outcome));
            foreach (var row in rows) events.Output(row);
        }
    }

    private static IEnumerable<AmiUsage> OwnRows(OwnedImage image, IEnumerable<ImageReference> references) =>
        references.Where(r => r.Arn != null)
            .GroupBy(r => r.ResourceType?.Value ?? "", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var resources = g.Select(r => ResourceIdOf(r.Arn)).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
                return Row(image, image.Image.OwnerId, g.Key, resources.Count, resources, null);
            });

    /// <summary>An EC2 resource by its id (the ARN's last part); any other by its whole ARN (an SSM parameter's path has slashes).</summary>
    private static string ResourceIdOf(string arn) =>
        arn.Contains(":ec2:") ? arn.Substring(arn.LastIndexOf('/') + 1) : arn;

    private static AmiUsage Row(OwnedImage image, string? account, string? type, long count, IReadOnlyList<string> resources, UsageReportOutcome? report) => new AmiUsage
    {
        ImageId = image.ImageId,
        Region = image.Region,
        Name = image.Ami.Name,
        UsedByAccountId = account,
        ResourceType = type,
        Count = count,
        ResourceIds = resources,
        LastLaunchedTime = image.Ami.LastLaunchedTime,
        ReportId = account == image.Image.OwnerId ? null : report?.ReportId,
        ReportTime = account == image.Image.OwnerId ? null : report?.ReportTime,
    }.At(image.Connection);
}
