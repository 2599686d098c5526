using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Retirement;

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
