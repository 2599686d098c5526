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

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>
    /// The approved removals of one region: every DeregisterImage first, then one DeleteSnapshot per snapshot
    /// that no remaining AMI uses (deleting before every user is deregistered would fail with
    /// InvalidSnapshot.InUse). At most 8 calls in flight; throttled calls are retried by the SDK's standard
    /// retry mode. Each failure is one error naming the image or snapshot, and the results record it.
    /// </summary>
    internal sealed class RegionExecution
    {
        private const int ConcurrentCalls = 8;
        private readonly AwsClientFactory _clients;
        private readonly RemovalPlan _plan;
        private readonly List<RemovalCandidate> _approved;
        private readonly EngineEventStream _events;
        private readonly ConcurrentDictionary<RemovalCandidate, bool> _deregistered = new ConcurrentDictionary<RemovalCandidate, bool>();
        private readonly ConcurrentDictionary<RemovalCandidate, string> _notDeregistered = new ConcurrentDictionary<RemovalCandidate, string>();
        private readonly ConcurrentDictionary<string, bool> _deletedSnapshots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _failedSnapshots = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private int _done;

        public RegionExecution(AwsClientFactory clients, RemovalPlan plan, List<RemovalCandidate> approved, EngineEventStream events)
        {
            _clients = clients;
            _plan = plan;
            _approved = approved;
            _events = events;
        }

        /// <summary>A failure of the credentials or the endpoint: the rest was skipped, and the command ends with it.</summary>
        public AmiOperationException? Fatal { get; private set; }

        private string Region => _approved[0].Region;
        private string ProgressKey => "remove-ami:" + Region;
        private string Activity => "Removing AMIs in " + Region;

        public async Task<RegionExecution> RunAsync(CancellationToken cancellationToken)
        {
            var ec2 = _clients.Ec2(_approved[0].Connection);
            using (var throttle = new SemaphoreSlim(ConcurrentCalls))
            {
                OperationCanceledException? stopped = null;
                try
                {
                    await Task.WhenAll(_approved.Select(c => Limited(throttle, () => DeregisterAsync(ec2, c, cancellationToken), cancellationToken))).ConfigureAwait(false);
                }
                catch (OperationCanceledException canceled) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C stops further deregistrations; the snapshots of those already done still go (below).
                    stopped = canceled;
                }
                var doomed = _approved.Where(_deregistered.ContainsKey)
                    .SelectMany(c => c.SnapshotIds.Where(s => _plan.KeepReason(c, s, _deregistered.ContainsKey) == null).Select(s => (Candidate: c, SnapshotId: s)))
                    .GroupBy(x => x.SnapshotId, StringComparer.Ordinal).Select(g => g.First()).ToList();
                // Not cancellable: once an image is deregistered, stopping before its snapshots are deleted would
                // leave them billed with nothing pointing at them. Ctrl+C stops the deregistrations, not this.
                await Task.WhenAll(doomed.Select(d => Limited(throttle, () => DeleteSnapshotAsync(ec2, d.Candidate, d.SnapshotId, CancellationToken.None), CancellationToken.None))).ConfigureAwait(false);
                if (stopped != null) throw stopped;
            }
            _events.ProgressCompleted(ProgressKey, Activity);
            foreach (var candidate in _approved) _events.Output(ResultFor(candidate));
            return this;
        }

        private static async Task Limited(SemaphoreSlim throttle, Func<Task> call, CancellationToken cancellationToken)
        {
            await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { await call().ConfigureAwait(false); }
            finally { throttle.Release(); }
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
                _deregistered[candidate] = true;
                _events.Verbose(candidate.ImageId + " in " + Region + " was already deregistered.");
            }
            catch (Exception exception)
            {
                var error = AwsErrorMap.Translate(exception, candidate.ImageId, "DeregisterImage " + candidate.ImageId + " ('" + candidate.Name + "') in " + Region + " failed; the image and its snapshots are unchanged");
                _notDeregistered[candidate] = "the image was not deregistered: " + error.Message;
                if (AwsErrorMap.IsFatal(error)) Fatal = error;
                else _events.Error(error);
            }
            var done = Interlocked.Increment(ref _done);
            _events.Progress(ProgressKey, Activity, done + " of " + _approved.Count + " deregistered", done * 50 / _approved.Count);
        }

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
                _events.Verbose("Deleted snapshot " + snapshotId + " of " + candidate.ImageId + " in " + Region + ".");
            }
            catch (Exception exception) when (IsNotFound(exception, "InvalidSnapshot.NotFound"))
            {
                _deletedSnapshots[snapshotId] = true;
                _events.Verbose("Snapshot " + snapshotId + " of " + candidate.ImageId + " in " + Region + " was already deleted.");
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The image is already gone: the snapshot is now an orphan that keeps costing money, so say which.
                var error = AwsErrorMap.Translate(exception, snapshotId, "Deregistered " + candidate.ImageId + " ('" + candidate.Name + "') in " + Region +
                    ", but deleting its snapshot " + snapshotId + " failed");
                _failedSnapshots[snapshotId] = "delete failed: " + error.Message;
                if (AwsErrorMap.IsFatal(error)) Fatal ??= error;
                _events.Error(new AmiOperationException(error.ErrorId, error.Category, snapshotId, error.Message +
                    ". The snapshot is kept and still billed; its description names " + candidate.ImageId + ", so it can be found and deleted later.", error.AwsErrorCode, error));
            }
        }

        private static bool IsNotFound(Exception exception, params string[] codes) =>
            exception is Amazon.Runtime.AmazonServiceException service && Array.IndexOf(codes, service.ErrorCode) >= 0;

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
                DeletedSnapshotIds = deleted,
                KeptSnapshots = kept,
                FreedGiB = freed,
            };
        }
    }
}
