using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.RecycleBin;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// The approved removals of one region, each image taken through to the end before its call slot goes to
/// the next: DeregisterImage, then RevokeGrant for the KMS grants sharing made for it (nobody can launch
/// it any more), then one DeleteSnapshot per snapshot that no remaining AMI uses. So a process killed
/// midway leaves at most the snapshots of the (up to 8) images in flight, and those still name their image
/// in their description: a re-run with the same ids finds and deletes them. A snapshot several images of
/// the batch share is deleted by whichever of them is deregistered last (earlier, EC2 would refuse it with
/// InvalidSnapshot.InUse). Throttled calls are retried by the SDK's standard retry mode. Each failure is one
/// error naming the image, grant or snapshot, and the results record it.
/// </summary>
internal sealed class RegionExecution
{
    private readonly AwsClientFactory _clients;
    private readonly RemovalPlan _plan;
    private readonly List<RemovalCandidate> _approved;
    private readonly EngineEventStream _events;
    private readonly KmsGrantKeeper _grants;
    private readonly CallLimiter _slots = new CallLimiter(CallLimits.PerResourceCalls);
    private readonly ConcurrentDictionary<RemovalCandidate, bool> _deregistered = new ConcurrentDictionary<RemovalCandidate, bool>();
    private readonly ConcurrentDictionary<RemovalCandidate, bool> _alreadyDeregistered = new ConcurrentDictionary<RemovalCandidate, bool>();
    private readonly ConcurrentDictionary<RemovalCandidate, string> _notDeregistered = new ConcurrentDictionary<RemovalCandidate, string>();
    private readonly ConcurrentDictionary<RemovalCandidate, ConcurrentQueue<string>> _revokedGrants = new ConcurrentDictionary<RemovalCandidate, ConcurrentQueue<string>>();
    private readonly ConcurrentDictionary<string, bool> _claimedSnapshots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _deletedSnapshots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failedSnapshots = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
    private int _done;

    public RegionExecution(AwsClientFactory clients, RemovalPlan plan, List<RemovalCandidate> approved, EngineEventStream events)
    {
        _clients = clients;
        _plan = plan;
        _approved = approved;
        _events = events;
        _grants = new KmsGrantKeeper(clients);
    }

    /// <summary>A failure of the credentials or the endpoint: the rest was skipped, and the command ends with it.</summary>
    public AmiOperationException? Fatal { get; private set; }

    private string Region => _approved[0].Region;
    public ResolvedConnection Connection => _approved[0].Connection;
    // The region, with the account when the run spans accounts: two accounts' removals in one region are two places.
    private string Place => PlaceFanOut.NameOf(_approved[0].Connection);
    private string ProgressKey => "remove-ami:" + Place;
    private string Activity => "Removing AMIs in " + Place;

    public async Task<RegionExecution> RunAsync(CancellationToken cancellationToken)
    {
        var ec2 = _clients.Ec2(_approved[0].Connection);
        OperationCanceledException? stopped = null;
        try
        {
            await Task.WhenAll(_approved.Select(c => RemoveAsync(ec2, c, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException canceled) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C kept the remaining images from starting; every started one was finished (WhenAll waited).
            stopped = canceled;
        }
        _events.ProgressCompleted(ProgressKey, Activity);
        var reported = _approved.Where(c => stopped == null || _deregistered.ContainsKey(c)).ToList();
        // After Ctrl+C too: what was removed must still say whether it can be restored.
        var recovery = await RemovalRecovery.CheckAsync(_clients, _approved[0].Connection, reported.Where(c => _deregistered.ContainsKey(c)).Select(c => c.ImageId).ToList(),
            _deletedSnapshots.Keys.ToList(), _events, CancellationToken.None).ConfigureAwait(false);
        foreach (var candidate in reported) _events.Output(WithRecovery(ResultFor(candidate), recovery));
        if (stopped != null) throw stopped;
        return this;
    }

    /// <summary>One image from start to end, in one call slot. Only waiting for the slot can be cancelled.</summary>
    private async Task RemoveAsync(IAmazonEC2 ec2, RemovalCandidate candidate, CancellationToken cancellationToken)
    {
        await _slots.RunAsync(async () =>
        {
            if (candidate.AlreadyDeregistered) _deregistered[candidate] = _alreadyDeregistered[candidate] = true;
            else await DeregisterAsync(ec2, candidate, cancellationToken).ConfigureAwait(false);
            // Not cancellable from here on: once an image is deregistered, stopping before its grants and
            // snapshots are gone would leave them behind with nothing pointing at them.
            if (_deregistered.ContainsKey(candidate))
            {
                await RevokeGrantsAsync(candidate).ConfigureAwait(false);
                foreach (var snapshotId in candidate.SnapshotIds)
                {
                    // Marked deregistered before this check, so of two images sharing a snapshot and finishing
                    // together, at least the later one sees the other gone; the claim lets only one delete it.
                    if (_plan.KeepReason(candidate, snapshotId, _deregistered.ContainsKey) != null || !_claimedSnapshots.TryAdd(snapshotId, true)) continue;
                    await DeleteSnapshotAsync(ec2, candidate, snapshotId, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        var done = Interlocked.Increment(ref _done);
        _events.Progress(ProgressKey, Activity, done + " of " + _approved.Count + " removed", done * 100 / _approved.Count);
    }

    private async Task DeregisterAsync(IAmazonEC2 ec2, RemovalCandidate candidate, CancellationToken cancellationToken)
    {
        if (Fatal != null)
        {
            _notDeregistered[candidate] = "the command stopped before this image: " + Fatal.Message;
            return;
        }
        // A started DeregisterImage is not cancelled: AWS may complete it after we stop listening, and then
        // its snapshots would be orphans nobody knows about. Ctrl+C only keeps new ones from starting.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = candidate.ImageId }, CancellationToken.None).ConfigureAwait(false);
            _deregistered[candidate] = true;
            _events.Verbose("Deregistered " + candidate.ImageId + " ('" + candidate.Name + "') in " + Region + ".");
        }
        catch (Exception exception) when (IsNotFound(exception, "InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"))
        {
            // Gone already: a retried request whose first attempt succeeded, or someone else was quicker.
            _deregistered[candidate] = _alreadyDeregistered[candidate] = true;
            _events.Verbose(candidate.ImageId + " in " + Place + " was already deregistered.");
        }
        catch (Exception exception)
        {
            var error = AwsErrorMap.Translate(exception, candidate.ImageId, "DeregisterImage " + candidate.ImageId + " ('" + candidate.Name + "') in " + Region + " failed; the image, its snapshots and its KMS grants are unchanged");
            _notDeregistered[candidate] = "the image was not deregistered: " + error.Message;
            if (AwsErrorMap.IsFatal(error)) Fatal = error;
            // A fatal failure of a single identity stops the command and is raised once at the end; in a fleet it is this place's error.
            if (!PlaceFanOut.StopsCommand(error, Connection)) _events.Error(error);
        }
    }

    /// <summary>
    /// The grants sharing made for the image: once it is deregistered nobody can launch it, and a grant left
    /// behind would keep the other account's Decrypt/CreateGrant on the key. Each failure is a
    /// KmsGrantNotRevoked error naming the grant and how to revoke it by hand.
    /// </summary>
    private async Task RevokeGrantsAsync(RemovalCandidate candidate)
    {
        var revoked = _revokedGrants.GetOrAdd(candidate, _ => new ConcurrentQueue<string>());
        if (candidate.GrantLookupFailure is AmiOperationException lookup)
        {
            _events.Error(new AmiOperationException(ErrorIds.KmsGrantNotRevoked, lookup.Category, candidate.ImageId,
                DeregisteredPrefix(candidate) + "but its KMS grants could not be listed: " + lookup.Message + ". Any AmiCmdlets-" + candidate.ImageId +
                "-<account> grant on those keys still gives that account use of the key; list them with: aws kms list-grants --key-id <key> --region " + Region +
                " and revoke each with aws kms revoke-grant.", lookup.AwsErrorCode, lookup));
        }
        foreach (var grant in candidate.Grants)
        {
            var what = grant.Name + " on " + grant.KeyArn;
            try
            {
                if (Fatal != null) throw Fatal;
                await _grants.RevokeAsync(candidate.Connection, grant.KeyArn, grant.GrantId!, CancellationToken.None).ConfigureAwait(false);
                revoked.Enqueue(what);
                _events.Verbose("Revoked KMS grant " + what + " (account " + grant.Account + ") of " + candidate.ImageId + " in " + Place + ".");
            }
            catch (Exception exception) when (IsNotFound(exception, "NotFoundException"))
            {
                // Revoked meanwhile (a retried request, or by hand): gone either way.
                revoked.Enqueue(what);
            }
            catch (Exception exception)
            {
                var error = AwsErrorMap.Translate(exception, grant.Name, "RevokeGrant " + grant.Name);
                if (AwsErrorMap.IsFatal(error)) Fatal ??= error;
                _events.Error(new AmiOperationException(ErrorIds.KmsGrantNotRevoked, error.Category, grant.Name,
                    DeregisteredPrefix(candidate) + "but revoking its KMS grant " + grant.Name + " (account " + grant.Account + ") on key " + grant.KeyArn +
                    " failed: " + error.Message + ". Account " + grant.Account + " can still use the key through it; revoke it with: aws kms revoke-grant --key-id " +
                    grant.KeyArn + " --grant-id " + grant.GrantId + " --region " + Region, error.AwsErrorCode, error));
            }
        }
    }

    private string DeregisteredPrefix(RemovalCandidate candidate) =>
        "AMI " + candidate.ImageId + (candidate.Name.Length > 0 ? " ('" + candidate.Name + "')" : "") + " in " + Place + " is deregistered, ";

    private async Task DeleteSnapshotAsync(IAmazonEC2 ec2, RemovalCandidate candidate, string snapshotId, CancellationToken cancellationToken)
    {
        if (Fatal != null)
        {
            _failedSnapshots[snapshotId] = "not deleted: the command stopped (" + Fatal.Message + ")";
            return;
        }
        try
        {
            await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshotId }, cancellationToken).ConfigureAwait(false);
            _deletedSnapshots[snapshotId] = true;
            _events.Verbose("Deleted snapshot " + snapshotId + " of " + candidate.ImageId + " in " + Place + ".");
        }
        catch (Exception exception) when (IsNotFound(exception, "InvalidSnapshot.NotFound"))
        {
            _deletedSnapshots[snapshotId] = true;
            _events.Verbose("Snapshot " + snapshotId + " of " + candidate.ImageId + " in " + Place + " was already deleted.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The image is already gone: the snapshot is now an orphan that keeps costing money, so say which.
            var error = AwsErrorMap.Translate(exception, snapshotId, "Deregistered " + candidate.ImageId + " ('" + candidate.Name + "') in " + Region +
                ", but deleting its snapshot " + snapshotId + " failed");
            _failedSnapshots[snapshotId] = "delete failed: " + error.Message;
            if (AwsErrorMap.IsFatal(error)) Fatal ??= error;
            _events.Error(EngineErrors.For(error, snapshotId, error.Message +
                ". The snapshot is kept and still billed; its description names " + candidate.ImageId + ", so it can be found and deleted later."));
        }
    }

    private static bool IsNotFound(Exception exception, params string[] codes) =>
        exception is Amazon.Runtime.AmazonServiceException service && Array.IndexOf(codes, service.ErrorCode) >= 0;

    private static AmiRemovalResult WithRecovery(AmiRemovalResult result, RemovalRecovery recovery)
    {
        if (!result.Deregistered) return result;
        result.SnapshotsInRecycleBin = result.DeletedSnapshotIds.Where(recovery.SnapshotsInBin.Contains).ToList();
        if (recovery.ImagesInBin.TryGetValue(result.ImageId, out var exit))
        {
            result.InRecycleBin = true;
            result.RecycleBinExitTime = exit;
        }
        // The image and each deleted snapshot: all kept, none kept, or some.
        var removed = result.DeletedSnapshotIds.Count + 1;
        var kept = result.SnapshotsInRecycleBin.Count + (result.InRecycleBin ? 1 : 0);
        result.Undo = !recovery.Known ? AmiUndo.Unknown : kept == 0 ? AmiUndo.Gone : kept == removed ? AmiUndo.RecycleBin : AmiUndo.Partial;
        return result;
    }

    private AmiRemovalResult ResultFor(RemovalCandidate candidate)
    {
        var deleted = new List<string>();
        var kept = new List<AmiKeptSnapshot>();
        var freed = 0;
        var deregistered = _deregistered.ContainsKey(candidate);
        foreach (var snapshotId in candidate.SnapshotIds)
        {
            candidate.SnapshotSizes.TryGetValue(snapshotId, out var size);
            if (_deletedSnapshots.ContainsKey(snapshotId))
            {
                deleted.Add(snapshotId);
                if (_plan.OwnerOf(candidate, snapshotId) == candidate) freed += size ?? 0;
                continue;
            }
            var reason = !deregistered ? (_notDeregistered.TryGetValue(candidate, out var why) ? why : "the image was not deregistered")
                : _failedSnapshots.TryGetValue(snapshotId, out var failure) ? failure
                : _plan.KeepReason(candidate, snapshotId, _deregistered.ContainsKey) ?? "not deleted";
            kept.Add(new AmiKeptSnapshot { SnapshotId = snapshotId, Reason = reason, SizeGiB = size });
        }
        return new AmiRemovalResult
        {
            ImageId = candidate.ImageId,
            Region = candidate.Region,
            Name = candidate.Name,
            Deregistered = deregistered,
            AlreadyDeregistered = _alreadyDeregistered.ContainsKey(candidate),
            RevokedKmsGrants = _revokedGrants.TryGetValue(candidate, out var grants) ? grants.ToList() : new List<string>(),
            DeletedSnapshotIds = deleted,
            KeptSnapshots = kept,
            FreedGiB = freed,
        }.At(candidate.Connection);
    }
}
