using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// Copy-AmiToRegion: every source to every destination, at most ThrottleLimit CopyImage requests in
/// flight. Each destination succeeds or fails on its own: a failure is one AmiCopyFailed naming the region
/// (and the copy's id once it has one), and the others go on. Re-runs are safe: an existing copy (same
/// source id and name, and the encryption and key asked for) is returned instead of copying, one with other
/// encryption is an AmiCopyEncryptionMismatch, a failed one is replaced, and the ClientToken makes a retried
/// CopyImage return the copy EC2 already started.
/// </summary>
public sealed class CopyFanOut(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    /// <summary>
    /// Pre-flight, before any change: sources, destination regions, KMS keys, earlier copies. Problems of
    /// one source or destination are reported as errors and leave that pair out of the plan.
    /// </summary>
    public async Task<IReadOnlyList<CopyJob>> PlanAsync(CopyRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        CopyCompletionDuration.Validate(request.CompletionDurationMinutes);
        var preflight = new CopyPreflight(clients);
        var sources = await preflight.DescribeSourcesAsync(request.Sources, events, cancellationToken).ConfigureAwait(false);
        if (sources.Count == 0) return new CopyJob[0];

        // A copy is made in its source's own account (the copy is the caller's), or with Copy-AmiToAccount in the
        // given places of other accounts: each identity of the sources gets its destinations, and whether each region
        // is enabled is that account's (one DescribeRegions per identity).
        var destinationsOf = new Dictionary<string, List<ResolvedConnection>>(StringComparer.Ordinal);
        foreach (var identity in request.Sources.Where(s => sources.ContainsKey(s.ImageId)).GroupBy(s => s.Connection.IdentityKey, StringComparer.Ordinal))
        {
            var anySource = identity.First().Connection;
            var destinations = new List<ResolvedConnection>();
            if (request.DestinationPlaces != null)
            {
                // Places of other accounts, already reached (an account that could not be was reported then).
                destinations.AddRange(request.DestinationPlaces);
            }
            else
            {
                var regionStates = await preflight.RegionStatesAsync(anySource, cancellationToken).ConfigureAwait(false);
                foreach (var region in request.Destinations.Distinct(StringComparer.Ordinal))
                {
                    var unreachable = CopyPreflight.Unreachable(region, regionStates);
                    if (unreachable == null) destinations.Add(anySource.InRegion(region));
                    else events.Error(unreachable);
                }
            }
            destinationsOf[identity.Key] = destinations;
        }

        // One time for every name, so {date}/{timestamp} give all copies of a run the same name.
        var now = _utcNow();
        var candidates = new List<CopyJob>();
        foreach (var source in request.Sources.Where(s => sources.ContainsKey(s.ImageId)).GroupBy(s => s.ImageId).Select(g => g.First()))
            foreach (var destination in destinationsOf[source.Connection.IdentityKey])
                candidates.Add(new CopyJob(source, sources[source.ImageId], destination, NameFor(request, sources[source.ImageId], now)));

        var namesInUse = await preflight.NamesInUseAsync(candidates, events, cancellationToken).ConfigureAwait(false);
        var planned = await Task.WhenAll(candidates.Select(job => CheckJobAsync(request, job, namesInUse, preflight, events, cancellationToken))).ConfigureAwait(false);
        return planned.Where(j => j != null).Select(j => j!).ToList();
    }

    /// <summary>Makes the approved copies (existing ones are just output), at most ThrottleLimit CopyImage calls at a time.</summary>
    public async Task<IReadOnlyList<CopyOutcome>> ExecuteAsync(CopyRequest request, IReadOnlyList<CopyJob> approved, bool outputAsCreated,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentQueue<CopyOutcome>();
        var throttle = new CallLimiter(request.ThrottleLimit);
        await Task.WhenAll(approved.Select(async job =>
        {
            var copy = job.Existing ?? await throttle.RunAsync(() => CopyOneAsync(request, job, events, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (copy == null) return;
            outcomes.Enqueue(new CopyOutcome(job.Destination, copy));
            if (outputAsCreated) events.Output(copy);
        })).ConfigureAwait(false);
        return outcomes.ToList();
    }

    /// <summary>
    /// Copy-AmiToRegion -Wait: makes the approved copies, then outputs each once it is available. A copy that fails,
    /// times out or vanishes is one error for its region; the others go on.
    /// </summary>
    public async Task<WaitReport> ExecuteAndWaitAsync(CopyRequest request, IReadOnlyList<CopyJob> approved, WaitPolicy policy,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var copies = await ExecuteAsync(request, approved, outputAsCreated: false, events, cancellationToken).ConfigureAwait(false);
        return await new ImageWaiter(clients).WaitAndReportAsync(WaitTarget.PerRegion(copies.Select(c => (c.Destination, c.Copy.ImageId))), "available", policy,
            events, cancellationToken,
            failed => Failed(failed.Region, failed.ImageId, failed.StateReason ?? "the copy ended in state failed"),
            missing => Failed(missing.Region, missing.ImageId, "the copy is no longer listed; it may have been deregistered")).ConfigureAwait(false);
    }

    /// <summary>
    /// One pair's checks, in an order that never lets an earlier copy hide a problem: encryption refused, then the
    /// key (always described in the destination, even when a copy exists), then the name in the destination.
    /// </summary>
    private static async Task<CopyJob?> CheckJobAsync(CopyRequest request, CopyJob job, Dictionary<string, Ami> namesInUse, CopyPreflight preflight,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var region = PlaceFanOut.NameOf(job.Destination);
        if (request.Encrypted == false && job.SourceAmi.Encrypted)
        {
            events.Error(Failed(region, null, "source " + job.Source.ImageId + " is encrypted, and an encrypted image cannot be copied unencrypted; drop -Encrypted:$false."));
            return null;
        }
        job.Encrypted = request.Encrypted == true || job.SourceAmi.Encrypted;
        job.KmsKeyId = request.KeyFor(job.Destination);
        CopyJob? result = null;
        var failure = await PlaceFanOut.TryAsync(async () => result = await CheckAsync().ConfigureAwait(false), region, null, cancellationToken).ConfigureAwait(false);
        if (failure != null) events.Error(failure);
        return result;

        async Task<CopyJob?> CheckAsync()
        {
            if (job.KmsKeyId != null)
            {
                job.KmsKeyArn = await preflight.CheckKeyAsync(job.Destination, job.KmsKeyId, cancellationToken).ConfigureAwait(false);
                job.Encrypted = true;
            }
            if (!namesInUse.TryGetValue(job.NameKey, out var holder)) return job;
            if (!job.IsCopyOfSource(holder))
            {
                events.Error(NameInUse(job, holder));
                return null;
            }
            if (holder.State == "failed" || holder.State == "error")
            {
                // A failed copy holds the name: it is deregistered and the copy made again (the ShouldProcess text says so).
                job.ReplacesFailedCopy = holder.ImageId;
                return job;
            }
            var asked = job.KmsKeyArn != null ? CopyEncryption.WithKey(job.KmsKeyId!, job.KmsKeyArn)
                : request.Encrypted == true ? CopyEncryption.WithDefaultKey(holder.Encrypted ? await preflight.DefaultEbsKeyAsync(job.Destination, cancellationToken).ConfigureAwait(false) : null)
                : request.Encrypted == false ? CopyEncryption.Unencrypted()
                : CopyEncryption.AsTheSource();
            var keys = asked.NeedsKeys && holder.Encrypted
                ? await preflight.SnapshotKeysAsync(job.Destination, holder, cancellationToken).ConfigureAwait(false)
                : holder.KmsKeyIds;
            var mismatch = asked.Mismatch(holder.Encrypted, keys);
            if (mismatch != null)
            {
                events.Error(EncryptionMismatch(job, holder, mismatch, asked));
                return null;
            }
            events.Verbose("A copy of " + job.Source.ImageId + " named '" + job.Name + "' already exists in " + region + ": " + holder.ImageId + "; not copying again.");
            job.Existing = holder;
            return job;
        }
    }

    private static AmiOperationException NameInUse(CopyJob job, Ami holder)
    {
        var region = PlaceFanOut.NameOf(job.Destination);
        var what = "Not copying " + job.Target + " to " + region + ": ";
        var message = holder.ImageId == job.Source.ImageId && job.Destination.Region == job.Source.Connection.Region
            ? what + "the source itself is named '" + job.Name + "' in " + region + ", and AMI names are unique per account and region. " +
              "A copy in the same region (to encrypt it, for example) needs another name: add -Name, e.g. -Name '{name}-encrypted'."
            : what + "the name '" + job.Name + "' is already used there by " + holder.ImageId +
              (holder.SourceImageId != null ? " (a copy of " + holder.SourceImageId + " from " + holder.SourceRegion + ")" : "") +
              ", and AMI names are unique per account and region. Choose another -Name (a template such as '{name}-{date}'), or remove " + holder.ImageId + " first.";
        return new AmiOperationException(ErrorIds.AmiNameInUse, AmiErrorCategory.ResourceExists, region, message + " Nothing was copied.");
    }

    private static AmiOperationException EncryptionMismatch(CopyJob job, Ami holder, string existing, CopyEncryption asked)
    {
        var region = PlaceFanOut.NameOf(job.Destination);
        return new AmiOperationException(ErrorIds.AmiCopyEncryptionMismatch, AmiErrorCategory.ResourceExists, region,
            "Not copying " + job.Target + " to " + region + ": a copy named '" + job.Name + "' already exists there (" + holder.ImageId + ", " + holder.State +
            "), " + existing + ", but " + asked.DescribeAsked(region) + " was asked for. Nothing was copied and " + holder.ImageId + " was not returned. " +
            "Remove it (Remove-AmiWithSnapshots -ImageId " + holder.ImageId + " -Region " + job.Destination.Region + ") and run again, or choose another -Name.");
    }

    private async Task<Ami?> CopyOneAsync(CopyRequest request, CopyJob job, EngineEventStream events, CancellationToken cancellationToken)
    {
        var region = PlaceFanOut.NameOf(job.Destination);
        var progressKey = "copy:" + job.Source.ImageId + ":" + region;
        var activity = "Copy " + job.SourceAmi.Name + " to " + region;
        Ami? copy = null;
        var failure = await PlaceFanOut.TryAsync(async () =>
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (request.CopySourceTags)
                foreach (var tag in TagRules.Copyable(job.SourceAmi.Tags)) tags[tag.Key] = tag.Value;
            foreach (var tag in request.Tags) tags[tag.Key] = tag.Value;
            // Before any change: more than 50 tags would fail CopyImage after the failed copy was removed.
            TagRules.RequireFits(tags, job.Source.ImageId, "The copy's tags (" + job.Source.ImageId + "'s own plus -Tag)");
            var ec2 = clients.Ec2(job.Destination);
            if (job.ReplacesFailedCopy != null)
            {
                events.Progress(progressKey, activity, "Removing the failed copy " + job.ReplacesFailedCopy);
                await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = job.ReplacesFailedCopy, DeleteAssociatedSnapshots = true }, cancellationToken).ConfigureAwait(false);
                events.Verbose("Deregistered the failed copy " + job.ReplacesFailedCopy + " in " + region + " before copying again.");
            }
            events.Progress(progressKey, activity, "Starting CopyImage");

            var description = request.Description ?? job.SourceAmi.Description;
            var sdkTags = GoldenImageCapture.ToTags(tags);
            var response = await ec2.CopyImageAsync(new CopyImageRequest
            {
                SourceImageId = job.Source.ImageId,
                SourceRegion = job.Source.Connection.Region,
                Name = job.Name,
                Description = description,
                Encrypted = job.Encrypted ? true : (bool?)null,
                KmsKeyId = job.KmsKeyArn,
                ClientToken = CopyClientToken.For(job, request.CompletionDurationMinutes),
                SnapshotCopyCompletionDurationMinutes = request.CompletionDurationMinutes,
                TagSpecifications = tags.Count == 0 ? null : new List<TagSpecification>
                {
                    new TagSpecification { ResourceType = ResourceType.Image, Tags = sdkTags },
                    new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = sdkTags },
                },
            }, cancellationToken).ConfigureAwait(false);
            events.ProgressCompleted(progressKey, activity);
            events.Verbose("Copying " + job.Source.ImageId + " (" + job.Source.Connection.Region + ") to " + region + " as " + response.ImageId + ".");
            copy = new Ami
            {
                ImageId = response.ImageId,
                Name = job.Name,
                Region = job.Destination.Region,
                State = "pending",
                CreationDate = _utcNow(),
                // The copier owns a copy: the destination's account (the source's owner when not known, which is the same unless the source was shared).
                OwnerId = job.Destination.AccountId ?? job.SourceAmi.OwnerId,
                Description = description,
                Encrypted = job.Encrypted,
                KmsKeyIds = job.KmsKeyArn == null ? new string[0] : new[] { job.KmsKeyArn },
                Tags = tags,
                SourceImageId = job.Source.ImageId,
                SourceRegion = job.Source.Connection.Region,
                Architecture = job.SourceAmi.Architecture,
                Platform = job.SourceAmi.Platform,
            }.At(job.Destination);
        }, region, "CopyImage " + job.Source.ImageId + " to " + region, cancellationToken).ConfigureAwait(false);
        if (failure == null) return copy;
        events.ProgressCompleted(progressKey, activity);
        events.Error(failure.ErrorId == ErrorIds.AmiCopyFailed ? failure : Failed(region, null, failure.Message, failure));
        return null;
    }

    private static string NameFor(CopyRequest request, Ami source, DateTime utcNow) =>
        request.NameTemplate == null ? source.Name : NameTemplate.Expand(request.NameTemplate, utcNow, null, source.Name);

    public static AmiOperationException Failed(string region, string? imageId, string reason, Exception? inner = null) =>
        new AmiOperationException(ErrorIds.AmiCopyFailed, AmiErrorCategory.InvalidResult, region,
            "Copy to " + region + (imageId == null ? "" : " (" + imageId + ")") + " failed: " + reason, null, inner);
}

