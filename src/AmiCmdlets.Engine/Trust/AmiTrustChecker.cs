using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Engine.Trust;

/// <summary>
/// Test-AmiTrust: per place one DescribeImages (by id, 200 a call), then per image its Amazon Inspector findings
/// (GetImageFindings) and ancestry (GetImageAncestry) under one limiter, and the policy's verdict.
/// </summary>
public sealed class AmiTrustChecker(AwsClientFactory clients)
{
    private readonly CallerIdentityReader _identity = new CallerIdentityReader(clients);

    /// <summary>One report per image (or, with <paramref name="quiet"/>, one bool: missing images are simply false).</summary>
    public async Task CheckAsync(IReadOnlyList<RegionBatch> batches, AmiTrustPolicy policy, DateTime nowUtc, bool quiet, EngineEventStream events, CancellationToken cancellationToken)
    {
        var limiter = new CallLimiter(CallLimits.PerResourceCalls);
        await PlaceFanOut.ForEachAsync(batches, async batch =>
        {
            var found = new ConcurrentDictionary<string, Image>(StringComparer.Ordinal);
            await new AmiFinder(clients).ForEachImageByIdAsync(batch.Connection, batch.ImageIds, image => found[image.ImageId] = image, cancellationToken).ConfigureAwait(false);
            var reports = await Task.WhenAll(batch.ImageIds.Select(id => found.TryGetValue(id, out var image)
                ? limiter.RunAsync(() => ReportAsync(batch.Connection, image, policy, nowUtc, events, cancellationToken), cancellationToken)
                : Task.FromResult<AmiTrustReport?>(null))).ConfigureAwait(false);
            for (var i = 0; i < reports.Length; i++)
            {
                if (reports[i] is { } report) await events.OutputAsync(quiet ? report.Trusted : (object)report, cancellationToken).ConfigureAwait(false);
                else if (quiet) await events.OutputAsync(false, cancellationToken).ConfigureAwait(false);
                else events.Error(EngineErrors.AmiNotFound(batch.ImageIds[i], PlaceFanOut.NameOf(batch.Connection), "it cannot be judged"));
            }
        }, b => PlaceFanOut.NameOf(b.Connection), b => "Judging images in " + PlaceFanOut.NameOf(b.Connection), events, cancellationToken,
            scopeOf: b => b.Connection.InFleet).ConfigureAwait(false);
    }

    /// <summary>The report on one image already read (New-GoldenAmi -RequireTrustedSource judges the instance's image this way).</summary>
    internal async Task<AmiTrustReport?> ReportAsync(ResolvedConnection connection, Image image, AmiTrustPolicy policy, DateTime nowUtc, EngineEventStream? events, CancellationToken cancellationToken)
    {
        var caller = ImageSourceRules.NeedsCaller(image) ? await _identity.AccountIdAsync(connection, cancellationToken).ConfigureAwait(false) : null;
        var ami = AmiMapper.ToAmi(image, connection, caller);
        var report = new AmiTrustReport
        {
            ImageId = ami.ImageId, Region = ami.Region, Name = ami.Name, Source = ami.Source, VerifiedProvider = ami.VerifiedProvider,
            OwnerId = ami.OwnerId, OwnerAlias = ami.OwnerAlias, CreationDate = ami.CreationDate,
            AgeDays = ami.CreationDate is DateTime created ? (int)Math.Floor((nowUtc - created).TotalDays) : (int?)null,
            DeprecationTime = ami.DeprecationTime, Deprecated = ami.DeprecationTime is DateTime deprecated && deprecated <= nowUtc,
            Public = ami.Public, ProductCodes = ami.ProductCodes, ImageAllowed = ami.ImageAllowed,
        }.At(connection);

        var findingsProblem = await ReadFindingsAsync(connection, report, cancellationToken).ConfigureAwait(false);
        if (findingsProblem != null) events?.Warning("Amazon Inspector findings of " + image.ImageId + " (" + connection.Region + ") could not be read: " + findingsProblem);
        var ancestryProblem = await ReadAncestryAsync(connection, report, cancellationToken).ConfigureAwait(false);
        if (ancestryProblem != null) events?.Verbose("The ancestry of " + image.ImageId + " (" + connection.Region + ") could not be read: " + ancestryProblem);

        report.Reasons = policy.ReasonsAgainst(report, image.State?.Value ?? "", findingsProblem);
        report.Trusted = report.Reasons.Count == 0;
        return report;
    }

    /// <summary>
    /// New-GoldenAmi -RequireTrustedSource: the image <paramref name="instanceId"/> was launched from must pass
    /// <paramref name="policy"/>, or nothing is captured (AmiNotTrusted with the reasons).
    /// </summary>
    public async Task RequireTrustedAsync(ResolvedConnection connection, string instanceId, string? imageId, AmiTrustPolicy policy, DateTime nowUtc, CancellationToken cancellationToken)
    {
        Image? image = null;
        if (imageId != null)
            await new AmiFinder(clients).ForEachImageByIdAsync(connection, new[] { imageId }, found => image = found, cancellationToken).ConfigureAwait(false);
        if (image == null)
            throw NotTrusted(instanceId, "Instance " + instanceId + " in " + connection.Region + " was launched from " + (imageId ?? "an unknown image") +
                ", which is no longer visible, so its source cannot be judged.");
        var report = (await ReportAsync(connection, image, policy, nowUtc, null, cancellationToken).ConfigureAwait(false))!;
        if (!report.Trusted)
            throw NotTrusted(instanceId, "Instance " + instanceId + " in " + connection.Region + " was launched from " + report.ImageId + " ('" + report.Name +
                "'), which fails -RequireTrustedSource: " + string.Join("; ", report.Reasons) + ".");
    }

    private static AmiOperationException NotTrusted(string instanceId, string why) =>
        new AmiOperationException(ErrorIds.AmiNotTrusted, AmiErrorCategory.SecurityError, instanceId,
            why + " Nothing was captured. Test-AmiTrust -ImageId <id> shows the full report; widen the policy (-TrustedOwner, -AllowMarketplace, ...) if that image is acceptable.");

    /// <summary>Counts the findings by severity; returns why they could not be read (the counts stay null), or null.</summary>
    private async Task<string?> ReadFindingsAsync(ResolvedConnection connection, AmiTrustReport report, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var failure = await PlaceFanOut.TryAsync(() => DescribePages.ForEachAsync(new GetImageFindingsRequest { ImageId = report.ImageId },
            (r, token) => r.NextToken = token, clients.Ec2(connection).GetImageFindingsAsync, response => response.NextToken, response =>
            {
                foreach (var finding in response.ImageFindings ?? new List<ImageFinding>())
                {
                    var severity = finding.SeverityLabel?.Value ?? "";
                    counts[severity] = counts.TryGetValue(severity, out var n) ? n + 1 : 1;
                }
                return Task.CompletedTask;
            }, cancellationToken), report.ImageId, "GetImageFindings in " + connection.Region, cancellationToken).ConfigureAwait(false);
        if (failure != null) return failure.Message;
        int Count(string severity) => counts.TryGetValue(severity, out var n) ? n : 0;
        report.CriticalFindings = Count("critical");
        report.HighFindings = Count("high");
        report.MediumFindings = Count("medium");
        report.LowFindings = Count("low");
        return null;
    }

    private async Task<string?> ReadAncestryAsync(ResolvedConnection connection, AmiTrustReport report, CancellationToken cancellationToken)
    {
        GetImageAncestryResponse? response = null;
        var failure = await PlaceFanOut.TryAsync(async () =>
            response = await clients.Ec2(connection).GetImageAncestryAsync(new GetImageAncestryRequest { ImageId = report.ImageId }, cancellationToken).ConfigureAwait(false),
            report.ImageId, "GetImageAncestry in " + connection.Region, cancellationToken).ConfigureAwait(false);
        if (failure != null) return failure.Message;
        // Entries run from the image to the root; each names the region of the next.
        var region = connection.Region;
        ImageAncestryEntry? root = null;
        foreach (var entry in response?.ImageAncestryEntries ?? new List<ImageAncestryEntry>())
        {
            if (root != null && !string.IsNullOrEmpty(root.SourceImageRegion)) region = root.SourceImageRegion;
            root = entry;
        }
        report.AncestryRootImageId = root?.ImageId ?? report.ImageId;
        report.AncestryRootRegion = region;
        report.AncestryRootOwnerAlias = root == null ? report.OwnerAlias : root.ImageOwnerAlias;
        return null;
    }
}
