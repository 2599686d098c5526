using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>Remove-AmiWithSnapshots for all piped images.</summary>
    public sealed class RemovalRequest
    {
        public IReadOnlyList<RegionBatch> Batches { get; set; } = new RegionBatch[0];

        /// <summary>-KeepSnapshot: deregister only.</summary>
        public bool KeepSnapshots { get; set; }

        /// <summary>-Force: remove images still used by instances or launch templates.</summary>
        public bool Force { get; set; }
    }

    /// <summary>
    /// One image that passed every check and waits for ShouldProcess: a registered image, or what a stopped
    /// earlier run left of an image it had already deregistered (its snapshots, its KMS grants).
    /// </summary>
    public sealed class RemovalCandidate : IPlannedChange
    {
        internal RemovalCandidate(OwnedImage image, IReadOnlyList<string> inUseBy, RegionRemoval region)
        {
            Connection = image.Connection;
            ImageId = image.ImageId;
            Name = image.Ami.Name;
            InUseBy = inUseBy;
            RegionState = region;
            var sizes = new Dictionary<string, int?>(StringComparer.Ordinal);
            foreach (var device in image.Ami.BlockDevices)
                if (!string.IsNullOrEmpty(device.SnapshotId) && !sizes.ContainsKey(device.SnapshotId!)) sizes[device.SnapshotId!] = device.SizeGiB;
            SnapshotSizes = sizes;
            SnapshotIds = image.Ami.SnapshotIds;
            KmsKeyArns = image.Ami.Encrypted ? image.Ami.KmsKeyIds : new string[0];
        }

        /// <summary>An image already deregistered, by the snapshots it left (the orphan rule: no AMI uses them).</summary>
        internal RemovalCandidate(ResolvedConnection connection, string imageId, IReadOnlyList<Snapshot> leftovers, RegionRemoval region)
        {
            Connection = connection;
            ImageId = imageId;
            Name = "";
            InUseBy = new string[0];
            RegionState = region;
            AlreadyDeregistered = true;
            var ordered = leftovers.OrderBy(s => s.SnapshotId, StringComparer.Ordinal).ToList();
            SnapshotIds = ordered.Select(s => s.SnapshotId).ToList();
            SnapshotSizes = ordered.ToDictionary(s => s.SnapshotId, s => s.VolumeSize, StringComparer.Ordinal);
            // The image's keys are its snapshots' keys: what its KMS grants were made on.
            KmsKeyArns = ordered.Where(s => s.Encrypted == true && !string.IsNullOrEmpty(s.KmsKeyId)).Select(s => s.KmsKeyId).Distinct(StringComparer.Ordinal).ToList();
        }

        public ResolvedConnection Connection { get; }
        public string ImageId { get; }
        public string Name { get; }
        public string Region => Connection.Region;
        public IReadOnlyList<string> SnapshotIds { get; }

        /// <summary>What ShouldProcess names: the image and where it is.</summary>
        public string Target => ConfirmationTarget.For(ImageId, Name, Connection);

        /// <summary>Asked for at question time: the answers so far decide which shared snapshots it names.</summary>
        public string Action => Plan!.ActionFor(this);

        bool IPlannedChange.AlreadyDone => false;

        internal RemovalPlan? Plan { get; set; }

        /// <summary>Instances and launch templates that still use the image (only with -Force; otherwise it is refused).</summary>
        public IReadOnlyList<string> InUseBy { get; }

        /// <summary>A stopped earlier run (or someone else) deregistered the image: only its leftovers go.</summary>
        public bool AlreadyDeregistered { get; }

        internal IReadOnlyDictionary<string, int?> SnapshotSizes { get; }
        internal IReadOnlyList<string> KmsKeyArns { get; }

        /// <summary>The KMS grants Grant-AmiLaunchPermission made for the image, revoked once it is deregistered.</summary>
        internal IReadOnlyList<PlannedGrant> Grants { get; set; } = new PlannedGrant[0];

        /// <summary>Why the image's grants could not be listed (reported once the image is deregistered).</summary>
        internal AmiOperationException? GrantLookupFailure { get; set; }
        internal RegionRemoval RegionState { get; }

        /// <summary>Position among the approved images; -1 until approved.</summary>
        internal int ApprovalOrder { get; set; } = -1;

        internal bool Approved => ApprovalOrder >= 0;
    }

    /// <summary>The region's snapshot index and candidates, to decide who else uses a snapshot.</summary>
    internal sealed class RegionRemoval
    {
        public RegionRemoval(ResolvedConnection connection, SnapshotReferenceIndex? index)
        {
            Connection = connection;
            Index = index;
        }

        public ResolvedConnection Connection { get; }

        /// <summary>Null with -KeepSnapshot (not needed).</summary>
        public SnapshotReferenceIndex? Index { get; }
        public Dictionary<string, RemovalCandidate> Candidates { get; } = new Dictionary<string, RemovalCandidate>(StringComparer.Ordinal);
    }

    /// <summary>
    /// The checked images, and which of their snapshots go. A snapshot goes with an image when no other image
    /// of the account uses it, or when every other user is removed in this run too (approved before it:
    /// the last of them takes the snapshot along). So the ShouldProcess question names exactly the snapshots
    /// that will go if the user says yes, given the answers so far.
    /// </summary>
    public sealed class RemovalPlan
    {
        private int _approved;

        internal RemovalPlan(IReadOnlyList<RemovalCandidate> candidates, bool keepSnapshots)
        {
            Candidates = candidates;
            KeepSnapshots = keepSnapshots;
            foreach (var candidate in candidates) candidate.Plan = this;
        }

        public IReadOnlyList<RemovalCandidate> Candidates { get; }
        public bool KeepSnapshots { get; }

        public void Approve(RemovalCandidate candidate)
        {
            if (!candidate.Approved) candidate.ApprovalOrder = _approved++;
        }

        /// <summary>The ShouldProcess action: "Deregister AMI 'web-1' and delete 2 snapshots (snap-a, snap-b)".</summary>
        public string ActionFor(RemovalCandidate candidate)
        {
            var deleted = new List<string>();
            var kept = new List<string>();
            foreach (var snapshotId in candidate.SnapshotIds)
            {
                var reason = KeepReason(candidate, snapshotId, other => other.Approved);
                if (reason == null) deleted.Add(snapshotId);
                else kept.Add(snapshotId + " (" + reason + ")");
            }

            var action = candidate.AlreadyDeregistered ? "Finish removing AMI " + candidate.ImageId + " (already deregistered)" : "Deregister AMI '" + candidate.Name + "'";
            if (candidate.SnapshotIds.Count == 0) action += " (it has no EBS snapshots)";
            else if (KeepSnapshots) action += " and keep its " + Count(candidate.SnapshotIds.Count) + " (" + string.Join(", ", candidate.SnapshotIds) + ")";
            else if (kept.Count == 0) action += " and delete " + Count(deleted.Count) + " (" + string.Join(", ", deleted) + ")";
            else if (deleted.Count == 0) action += " and keep " + Count(kept.Count) + ": " + string.Join(", ", kept);
            else action += ", delete " + Count(deleted.Count) + " (" + string.Join(", ", deleted) + ") and keep " + string.Join(", ", kept);
            if (candidate.Grants.Count > 0)
                action += "; revoke " + (candidate.Grants.Count == 1 ? "1 KMS grant" : candidate.Grants.Count + " KMS grants") + " (" +
                    string.Join(", ", candidate.Grants.Select(g => g.Name).Distinct(StringComparer.Ordinal)) + ")";
            if (candidate.InUseBy.Count > 0) action += ", although it is still used by " + Users(candidate.InUseBy);
            return action;
        }

        /// <summary>
        /// Why <paramref name="snapshotId"/> of <paramref name="candidate"/> must stay, or null when it may go:
        /// every other image using it is a candidate for which <paramref name="gone"/> holds.
        /// </summary>
        internal string? KeepReason(RemovalCandidate candidate, string snapshotId, Func<RemovalCandidate, bool> gone)
        {
            if (KeepSnapshots) return "-KeepSnapshot";
            var region = candidate.RegionState;
            foreach (var user in region.Index?.ImagesUsing(snapshotId) ?? new SnapshotUser[0])
            {
                if (user.ImageId == candidate.ImageId) continue;
                if (!region.Candidates.TryGetValue(user.ImageId, out var other)) return "used by AMI " + user;
                if (!gone(other)) return "also used by AMI " + user + (other.Approved ? ", whose deregistration failed" : "");
            }
            return null;
        }

        /// <summary>The image whose result counts a snapshot several removed images share: the last one approved.</summary>
        internal RemovalCandidate OwnerOf(RemovalCandidate candidate, string snapshotId)
        {
            var owner = candidate;
            foreach (var user in candidate.RegionState.Index?.ImagesUsing(snapshotId) ?? new SnapshotUser[0])
            {
                if (candidate.RegionState.Candidates.TryGetValue(user.ImageId, out var other) && other.ApprovalOrder > owner.ApprovalOrder) owner = other;
            }
            return owner;
        }

        internal static string Users(IReadOnlyList<string> users) =>
            string.Join(", ", users.Take(3)) + (users.Count > 3 ? " and " + (users.Count - 3) + " more" : "");

        private static string Count(int snapshots) => snapshots == 1 ? "1 snapshot" : snapshots + " snapshots";
    }
}
