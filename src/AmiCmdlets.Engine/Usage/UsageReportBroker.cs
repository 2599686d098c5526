using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Usage;

/// <summary>
/// The image usage reports of one place's images, for Get-AmiUsage, Find-StaleAmi -CheckOtherAccounts and
/// Remove-AmiWithSnapshots alike: the existing reports in one DescribeImageUsageReports per 200 images (a recent
/// enough one is reused), one CreateImageUsageReport per image that has none (many at once), ONE
/// DescribeImageUsageReports per poll for every pending report of the place (polls back off per the wait
/// policy, as image waits do), then the entries in one paged DescribeImageUsageReportEntries per 200 reports.
/// A report that fails, times out or cannot be read is a failure of its image, never an empty report: an image
/// nobody could check is not an unused one.
/// </summary>
public sealed class UsageReportBroker(AwsClientFactory clients)
{
    private const int IdsPerCall = 200;

    /// <summary>
    /// Launch template versions a report checks: every one (the API's maximum; AWS's default is the newest 20), since
    /// an Auto Scaling group pinned to an old version fails to launch once the image is gone. The same rule as
    /// the owner's own check (ImageReferenceLookup).
    /// </summary>
    private const string EveryTemplateVersion = "10000";

    private static readonly string[] ResourceTypes = { "ec2:Instance", "ec2:LaunchTemplate" };

    /// <summary>One outcome per image id; a fatal failure (credentials, endpoint) is thrown.</summary>
    public async Task<IReadOnlyDictionary<string, UsageReportOutcome>> ReportsAsync(ResolvedConnection place, IReadOnlyList<string> imageIds,
        UsageReportOptions options, EngineEventStream events, CancellationToken cancellationToken)
    {
        var outcomes = imageIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => new UsageReportOutcome(id), StringComparer.Ordinal);
        if (outcomes.Count == 0) return outcomes;
        var ec2 = clients.Ec2(place);
        var region = place.Region;

        var existing = new Dictionary<string, ImageUsageReport>(StringComparer.Ordinal);
        if (!options.Refresh)
        {
            var failure = await PlaceFanOut.TryAsync(async () => existing = await ExistingAsync(ec2, outcomes.Keys.ToList(), options, cancellationToken).ConfigureAwait(false),
                place, "Reading the image usage reports in " + PlaceFanOut.NameOf(place) + " failed", cancellationToken).ConfigureAwait(false);
            if (failure != null)
            {
                foreach (var outcome in outcomes.Values) outcome.Failure = EngineErrors.For(failure, outcome.ImageId, failure.Message + " (image " + outcome.ImageId + ").");
                return outcomes;
            }
        }

        // ReportId -> image, for the reports to wait for and read.
        var reports = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var pending = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in existing)
        {
            var (imageId, report) = (pair.Key, pair.Value);
            outcomes[imageId].ReportId = report.ReportId;
            outcomes[imageId].ReportTime = report.CreationTime;
            reports[report.ReportId] = imageId;
            if (report.State == "pending") pending[report.ReportId] = imageId;
            events.Verbose("Reusing image usage report " + report.ReportId + " of " + imageId + " in " + region + " (made " + Stamp(report.CreationTime) + ", " + report.State + ").");
        }

        if (options.CreateMissing)
        {
            var missing = outcomes.Keys.Where(id => !existing.ContainsKey(id)).ToList();
            var limiter = new CallLimiter(CallLimits.UsageReportCalls);
            await PlaceFanOut.ForEachAsync(missing, async imageId =>
            {
                var response = await ec2.CreateImageUsageReportAsync(CreateRequest(imageId, options), cancellationToken).ConfigureAwait(false);
                outcomes[imageId].ReportId = response.ReportId;
                outcomes[imageId].ReportTime = DateTime.UtcNow;
                reports[response.ReportId] = imageId;
                pending[response.ReportId] = imageId;
            }, id => id, id => "CreateImageUsageReport for " + id + " in " + region + " failed", events, cancellationToken, limiter,
                report: (id, error) => outcomes[id].Failure = new AmiOperationException(ErrorIds.AmiUsageReportFailed, error.Category, id,
                    error.Message + "; who else uses " + id + " is unknown.", error.AwsErrorCode, error), scopeOf: _ => place.InFleet).ConfigureAwait(false);
        }

        if (!pending.IsEmpty) await WaitAsync(ec2, place, pending, outcomes, options, events, cancellationToken).ConfigureAwait(false);

        var ready = reports.Where(r => outcomes[r.Value].Failure == null).Select(r => r.Key).ToList();
        if (ready.Count > 0)
        {
            var entriesFailure = await PlaceFanOut.TryAsync(() => ReadEntriesAsync(ec2, ready, reports, outcomes, cancellationToken), place,
                "Reading the entries of the image usage reports in " + PlaceFanOut.NameOf(place) + " failed", cancellationToken).ConfigureAwait(false);
            if (entriesFailure != null)
                foreach (var imageId in ready.Select(r => reports[r])) outcomes[imageId].Failure = EngineErrors.For(entriesFailure, imageId, entriesFailure.Message + " (image " + imageId + ").");
        }
        foreach (var outcome in outcomes.Values)
            outcome.Uses.Sort((a, b) => string.CompareOrdinal(a.AccountId + a.ResourceType, b.AccountId + b.ResourceType));
        return outcomes;
    }

    /// <summary>Per image, the newest report that answers the question: both resource types, the accounts asked for, recent enough.</summary>
    private static async Task<Dictionary<string, ImageUsageReport>> ExistingAsync(IAmazonEC2 ec2, List<string> imageIds, UsageReportOptions options, CancellationToken cancellationToken)
    {
        var oldest = options.ReuseWithin is TimeSpan within ? DateTime.UtcNow - within : DateTime.MinValue;
        var found = new Dictionary<string, ImageUsageReport>(StringComparer.Ordinal);
        foreach (var chunk in Chunks(imageIds))
        {
            var request = new DescribeImageUsageReportsRequest { ImageIds = chunk };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeImageUsageReportsAsync, response => response.NextToken, response =>
            {
                foreach (var report in response.ImageUsageReports ?? new List<ImageUsageReport>())
                {
                    if (report.ImageId == null || !Answers(report, options, oldest)) continue;
                    if (!found.TryGetValue(report.ImageId, out var best) || (report.CreationTime ?? DateTime.MinValue) > (best.CreationTime ?? DateTime.MinValue))
                        found[report.ImageId] = report;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        return found;
    }

    private static bool Answers(ImageUsageReport report, UsageReportOptions options, DateTime oldest)
    {
        // A pending report is an answer to wait for only when we wait; an available one always; a failed one never.
        if (report.State != "available" && !(report.State == "pending" && options.CreateMissing)) return false;
        if ((report.CreationTime ?? DateTime.MinValue) < oldest) return false;
        var types = (report.ResourceTypes ?? new List<ImageUsageResourceType>()).Select(t => t.ResourceType).ToList();
        if (ResourceTypes.Any(t => !types.Contains(t))) return false;
        // A report on every account answers any question; one on some accounts only a question about those.
        var covered = report.AccountIds ?? new List<string>();
        if (covered.Count == 0) return true;
        return options.ConsumerAccountIds.Count > 0 && options.ConsumerAccountIds.All(covered.Contains);
    }

    private static CreateImageUsageReportRequest CreateRequest(string imageId, UsageReportOptions options) => new CreateImageUsageReportRequest
    {
        ImageId = imageId,
        AccountIds = options.ConsumerAccountIds.Count > 0 ? options.ConsumerAccountIds.ToList() : null,
        ResourceTypes = new List<ImageUsageResourceTypeRequest>
        {
            new ImageUsageResourceTypeRequest { ResourceType = "ec2:Instance" },
            new ImageUsageResourceTypeRequest
            {
                ResourceType = "ec2:LaunchTemplate",
                ResourceTypeOptions = new List<ImageUsageResourceTypeOptionRequest>
                {
                    new ImageUsageResourceTypeOptionRequest { OptionName = "version-depth", OptionValues = new List<string> { EveryTemplateVersion } },
                },
            },
        },
        // The SDK's retries resend the same request: one report, however often it is retried.
        ClientToken = Guid.NewGuid().ToString(),
    };

    /// <summary>
    /// Polls every pending report of the place with one DescribeImageUsageReports per 200 reports per poll, backing
    /// off per the policy; a poll that fails transiently is made again with backoff until the timeout, as image waits do.
    /// </summary>
    private static async Task WaitAsync(IAmazonEC2 ec2, ResolvedConnection place, ConcurrentDictionary<string, string> pending,
        Dictionary<string, UsageReportOutcome> outcomes, UsageReportOptions options, EngineEventStream events, CancellationToken cancellationToken)
    {
        var region = place.Region;
        var policy = options.Policy;
        var total = pending.Count;
        var key = "usage-reports:" + PlaceFanOut.NameOf(place);
        var activity = "Waiting for image usage reports in " + region;
        var clock = Stopwatch.StartNew();
        var jitter = new Random(Guid.NewGuid().GetHashCode());
        var failedPolls = 0;
        try
        {
            for (var poll = 0; ; )
            {
                var remaining = policy.Timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero) break;
                var pause = policy.IntervalAfter(poll++);
                await Task.Delay(pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
                List<ImageUsageReport> seen;
                try
                {
                    seen = await DescribeAsync(ec2, pending.Keys.ToList(), cancellationToken).ConfigureAwait(false);
                    failedPolls = 0;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    var error = AwsErrorMap.Translate(exception, PlaceFanOut.NameOf(place), "DescribeImageUsageReports while waiting in " + PlaceFanOut.NameOf(place));
                    if (PlaceFanOut.StopsCommand(error, place)) throw error;
                    if (!AwsErrorMap.IsTransient(error))
                    {
                        foreach (var imageId in pending.Values) outcomes[imageId].Failure = EngineErrors.For(error, imageId, error.Message + "; who else uses " + imageId + " is unknown.");
                        pending.Clear();
                        return;
                    }
                    failedPolls++;
                    var retry = policy.RetryAfter(failedPolls, jitter.NextDouble());
                    events.Verbose("Poll " + failedPolls + " in a row for image usage reports failed in " + region + " (" + error.ErrorId + "); polling again in " +
                                   retry.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s.");
                    var left = policy.Timeout - clock.Elapsed;
                    if (left > TimeSpan.Zero) await Task.Delay(retry < left ? retry : left, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var states = seen.Where(r => r.ReportId != null).ToDictionary(r => r.ReportId, r => r, StringComparer.Ordinal);
                foreach (var reportId in pending.Keys.ToList())
                {
                    var imageId = pending[reportId];
                    if (!states.TryGetValue(reportId, out var report))
                    {
                        Fail(pending, reportId, outcomes[imageId], "Image usage report " + reportId + " of " + imageId + " in " + region + " disappeared while being made (deleted?); who else uses the image is unknown.");
                        continue;
                    }
                    if (report.State == "available") pending.TryRemove(reportId, out _);
                    else if (report.State == "error")
                        Fail(pending, reportId, outcomes[imageId], "Image usage report " + reportId + " of " + imageId + " in " + region + " failed: " +
                            (string.IsNullOrEmpty(report.StateReason) ? "AWS gave no reason" : report.StateReason) + ". Who else uses the image is unknown; run the command again to make a new report.");
                }
                if (pending.IsEmpty) return;
                events.Progress(key, activity, (total - pending.Count) + " of " + total + " available, " + (int)clock.Elapsed.TotalSeconds + " s elapsed",
                    (total - pending.Count) * 100 / total);
            }
            foreach (var pair in pending.ToList())
            {
                outcomes[pair.Value].Failure = new AmiOperationException(ErrorIds.AmiUsageReportTimeout, AmiErrorCategory.OperationTimeout, pair.Value,
                    "Image usage report " + pair.Key + " of " + pair.Value + " in " + region + " is still pending after " + (int)policy.Timeout.TotalSeconds +
                    " s; who else uses the image is unknown. AWS keeps making it: run the command again within 24 hours and it is reused (or give a longer -TimeoutSec).");
            }
            pending.Clear();
        }
        finally
        {
            events.ProgressCompleted(key, activity);
        }
    }

    private static void Fail(ConcurrentDictionary<string, string> pending, string reportId, UsageReportOutcome outcome, string message)
    {
        pending.TryRemove(reportId, out _);
        outcome.Failure = new AmiOperationException(ErrorIds.AmiUsageReportFailed, AmiErrorCategory.InvalidResult, outcome.ImageId, message);
    }

    private static async Task<List<ImageUsageReport>> DescribeAsync(IAmazonEC2 ec2, List<string> reportIds, CancellationToken cancellationToken)
    {
        var seen = new List<ImageUsageReport>();
        foreach (var chunk in Chunks(reportIds))
        {
            var request = new DescribeImageUsageReportsRequest { ReportIds = chunk };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeImageUsageReportsAsync, response => response.NextToken,
                response => seen.AddRange(response.ImageUsageReports ?? new List<ImageUsageReport>()), cancellationToken).ConfigureAwait(false);
        }
        return seen;
    }

    private static async Task ReadEntriesAsync(IAmazonEC2 ec2, List<string> reportIds, ConcurrentDictionary<string, string> reports,
        Dictionary<string, UsageReportOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks(reportIds))
        {
            var request = new DescribeImageUsageReportEntriesRequest { ReportIds = chunk, MaxResults = 1000 };
            await DescribePages.ForEachAsync(request, (r, token) => r.NextToken = token, ec2.DescribeImageUsageReportEntriesAsync, response => response.NextToken, response =>
            {
                foreach (var entry in response.ImageUsageReportEntries ?? new List<ImageUsageReportEntry>())
                {
                    if (entry.ReportId == null || !reports.TryGetValue(entry.ReportId, out var imageId) || (entry.UsageCount ?? 0) <= 0) continue;
                    outcomes[imageId].Uses.Add(new OtherAccountUse(entry.AccountId ?? "", entry.ResourceType ?? "", entry.UsageCount ?? 0));
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<List<string>> Chunks(List<string> ids)
    {
        for (var i = 0; i < ids.Count; i += IdsPerCall) yield return ids.GetRange(i, Math.Min(IdsPerCall, ids.Count - i));
    }

    private static string Stamp(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "at an unknown time";
}
