using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Engine.Usage;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// Remove-AmiWithSnapshots. The plan checks every image of a region together, with a handful of describe
/// calls whatever their number: the images (found, owned, not protected), what still launches from them
/// (<see cref="ImageUsageIndex"/>), what other accounts run from them by the latest image usage report (made
/// first with -CheckOtherAccounts; <see cref="UsageReportBroker"/>), which of their snapshots other AMIs use (<see cref="SnapshotReferenceIndex"/>)
/// and the KMS grants sharing made for them. An id that is gone but left orphaned snapshots (a run stopped
/// between deregistering and deleting) becomes a candidate too, so a re-run with the same ids finishes.
/// Each refusal is one non-terminating error and changes nothing. Execute (<see cref="RegionExecution"/>)
/// takes each image through to the end in turn: deregister, revoke its grants, delete its snapshots.
/// </summary>
public sealed class ImageRemoval(AwsClientFactory clients)
{
    private readonly AwsClientFactory _clients = clients;
    private readonly KmsGrantKeeper _grants = new KmsGrantKeeper(clients);

    public async Task<RemovalPlan> PlanAsync(RemovalRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        var gone = request.Batches.Select(b => b.Connection.PlaceKey).Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => new List<string>(), StringComparer.Ordinal);
        var owned = await new OwnedImageLookup(_clients).FindAsync(request.Batches, events, cancellationToken, (batch, id) => gone[batch.Connection.PlaceKey].Add(id)).ConfigureAwait(false);
        var ownedByPlace = owned.GroupBy(i => i.Connection.PlaceKey).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var places = request.Batches.GroupBy(b => b.Connection.PlaceKey, StringComparer.Ordinal).Select(g => g.First())
            .Where(b => ownedByPlace.ContainsKey(b.Connection.PlaceKey) || gone[b.Connection.PlaceKey].Count > 0).ToList();
        var notChecked = new ConcurrentQueue<string>();
        var checkedImages = await Task.WhenAll(places.Select(batch => PlanRegionAsync(request, batch.Connection,
            ownedByPlace.TryGetValue(batch.Connection.PlaceKey, out var images) ? images : new List<OwnedImage>(),
            gone[batch.Connection.PlaceKey].Distinct(StringComparer.Ordinal).ToList(), notChecked, events, cancellationToken))).ConfigureAwait(false);
        if (!notChecked.IsEmpty) events.Warning(NotCheckedWarning(notChecked.ToList()));
        // ShouldProcess asks in the order the images came.
        var byKey = checkedImages.SelectMany(c => c).ToDictionary(c => c.Connection.PlaceKey + "|" + c.ImageId, StringComparer.Ordinal);
        var ordered = request.Batches.SelectMany(b => b.ImageIds.Select(id => b.Connection.PlaceKey + "|" + id)).Distinct(StringComparer.Ordinal)
            .Select(key => byKey.TryGetValue(key, out var c) ? c : null).Where(c => c != null).Select(c => c!).ToList();
        return new RemovalPlan(ordered, request.KeepSnapshots);
    }

    private async Task<List<RemovalCandidate>> PlanRegionAsync(RemovalRequest request, ResolvedConnection connection, List<OwnedImage> images, List<string> goneIds,
        ConcurrentQueue<string> notChecked, EngineEventStream events, CancellationToken cancellationToken)
    {
        // Messages name the place: the region, with the account when the run spans accounts.
        var region = PlaceFanOut.NameOf(connection);
        var unprotected = new List<OwnedImage>();
        var now = DateTime.UtcNow;
        foreach (var image in images)
        {
            if (!image.Protection.IsInForce(now)) unprotected.Add(image);
            else events.Error(Protected(image));
        }
        if (unprotected.Count == 0 && goneIds.Count == 0) return new List<RemovalCandidate>();

        var ids = unprotected.Select(i => i.ImageId).ToList();
        var usageTask = ImageUsageIndex.BuildAsync(_clients.Ec2(connection), ids, cancellationToken);
        // Without -CheckOtherAccounts only the reports that exist are read (one call per 200 images): nothing is made or waited for.
        var reportsTask = new UsageReportBroker(_clients).ReportsAsync(connection, ids,
            request.CheckOtherAccounts ? new UsageReportOptions { Policy = request.UsagePolicy, CreateMissing = !request.Preview } : UsageReportOptions.ExistingOnly(), events, cancellationToken);
        var indexTask = request.KeepSnapshots || unprotected.Count == 0 ? Task.FromResult<SnapshotReferenceIndex>(null!) : SnapshotReferenceIndex.BuildAsync(_clients, connection, cancellationToken);
        var leftoversTask = goneIds.Count == 0 ? Task.FromResult(new Dictionary<string, List<Snapshot>>()) : new OrphanedSnapshotFinder(_clients).FindLeftoversAsync(connection, goneIds, cancellationToken);
        ImageUsageIndex? usage = null;
        var usageFailure = await PlaceFanOut.TryAsync(async () => usage = await usageTask.ConfigureAwait(false), connection,
            "Checking which instances, launch templates and other resources use the images in " + PlaceFanOut.NameOf(connection) + " failed", cancellationToken).ConfigureAwait(false);
        SnapshotReferenceIndex? index = null;
        var failure = await PlaceFanOut.TryAsync(async () => index = await indexTask.ConfigureAwait(false), connection,
            "Reading which AMIs use which snapshots in " + PlaceFanOut.NameOf(connection) + " failed", cancellationToken).ConfigureAwait(false);
        if (failure != null)
        {
            foreach (var image in unprotected)
            {
                events.Error(EngineErrors.For(failure, image.ImageId, failure.Message +
                    ". Without it no snapshot can safely be deleted, so " + image.ImageId + " was not removed. -KeepSnapshot removes the image alone."));
            }
            unprotected.Clear();
        }

        var reports = await reportsTask.ConfigureAwait(false);

        var regionState = new RegionRemoval(connection, index);
        var candidates = new List<RemovalCandidate>();
        foreach (var image in unprotected)
        {
            var users = usage?.UsersOf(image.ImageId) ?? new string[0];
            if (usageFailure != null)
            {
                if (!request.Force)
                {
                    events.Error(EngineErrors.For(usageFailure, image.ImageId, usageFailure.Message +
                        ". " + image.ImageId + " was not removed, since it may still be in use; -Force removes it without this check."));
                    continue;
                }
                events.Warning("Could not check whether " + image.ImageId + " is still in use (" + usageFailure.Message + "); removing it anyway (-Force).");
            }
            else if (users.Count > 0)
            {
                if (!request.Force)
                {
                    events.Error(new AmiOperationException(ErrorIds.AmiInUse, AmiErrorCategory.ResourceBusy, image.ImageId,
                        "AMI " + image.ImageId + " ('" + image.Ami.Name + "') in " + region + " is still used by " + RemovalPlan.Users(users) +
                        "; it was not removed. Move them to another image first, or add -Force to remove it anyway (new launches from them will fail)."));
                    continue;
                }
                events.Warning("AMI " + image.ImageId + " ('" + image.Ami.Name + "') is still used by " + RemovalPlan.Users(users) + "; removing it anyway (-Force).");
            }
            if (!OtherAccountsAllow(request, image, reports[image.ImageId], notChecked, events)) continue;
            users = users.Concat(reports[image.ImageId].Uses.Select(u => u.ToString())).ToList();
            var candidate = new RemovalCandidate(image, users, regionState);
            regionState.Candidates[image.ImageId] = candidate;
            candidates.Add(candidate);
        }
        candidates.AddRange(await LeftoverCandidatesAsync(leftoversTask, goneIds, regionState, events, cancellationToken).ConfigureAwait(false));
        // The grants Grant-AmiLaunchPermission made for each image; a failure is kept and reported if the image goes.
        await PlaceFanOut.ForEachAsync(candidates.Where(c => c.KmsKeyArns.Count > 0),
            async c => c.Grants = await _grants.OursAsync(c.Connection, c.KmsKeyArns, c.ImageId, cancellationToken).ConfigureAwait(false),
            c => c.ImageId, c => "Listing the KMS grants of " + string.Join(", ", c.KmsKeyArns), events, cancellationToken,
            report: (c, failure) => c.GrantLookupFailure = failure, scopeOf: c => c.Connection.InFleet).ConfigureAwait(false);
        return candidates;
    }

    /// <summary>
    /// The gone ids whose snapshots are still there: already deregistered, so only those go (a re-run after a
    /// stopped run). An id without leftovers is AmiNotFound, as before.
    /// </summary>
    private static async Task<List<RemovalCandidate>> LeftoverCandidatesAsync(Task<Dictionary<string, List<Snapshot>>> leftoversTask, List<string> goneIds,
        RegionRemoval regionState, EngineEventStream events, CancellationToken cancellationToken)
    {
        var candidates = new List<RemovalCandidate>();
        Dictionary<string, List<Snapshot>> leftovers = null!;
        var failure = await PlaceFanOut.TryAsync(async () => leftovers = await leftoversTask.ConfigureAwait(false), regionState.Connection,
            "Looking for snapshots left by deregistered images in " + PlaceFanOut.NameOf(regionState.Connection) + " failed", cancellationToken).ConfigureAwait(false);
        if (failure != null)
        {
            foreach (var id in goneIds)
            {
                events.Error(EngineErrors.For(failure, id, "No AMI '" + id + "' visible to you in " + PlaceFanOut.NameOf(regionState.Connection) +
                    ", and whether it left snapshots behind is unknown: " + failure.Message + ". Nothing was changed for it."));
            }
            return candidates;
        }
        foreach (var id in goneIds)
        {
            if (!leftovers.TryGetValue(id, out var snapshots))
            {
                events.Error(EngineErrors.AmiNotFound(id, PlaceFanOut.NameOf(regionState.Connection),
                    "no snapshot of it is left either, so nothing was changed for it. Check the id and the region: a copy has another id in each region"));
                continue;
            }
            var candidate = new RemovalCandidate(regionState.Connection, id, snapshots, regionState);
            regionState.Candidates[id] = candidate;
            candidates.Add(candidate);
        }
        return candidates;
    }

    /// <summary>
    /// The other accounts' side of "in use": the image's latest usage report. Use elsewhere refuses the image
    /// (AmiInUseByOtherAccount) unless -Force; a report that failed refuses it only when -CheckOtherAccounts asked
    /// for one, and otherwise, like having none, adds the image to the one "not checked" warning.
    /// </summary>
    private static bool OtherAccountsAllow(RemovalRequest request, OwnedImage image, UsageReportOutcome report, ConcurrentQueue<string> notChecked,
        EngineEventStream events)
    {
        if (report.Failure != null)
        {
            if (!request.CheckOtherAccounts)
            {
                notChecked.Enqueue(image.ImageId);
                return true;
            }
            if (!request.Force)
            {
                events.Error(EngineErrors.For(report.Failure, image.ImageId, report.Failure.Message + " " + image.ImageId +
                    " was not removed, since another account may still use it; -Force removes it without this check."));
                return false;
            }
            events.Warning("Could not check whether other accounts use " + image.ImageId + " (" + report.Failure.Message + "); removing it anyway (-Force).");
            return true;
        }
        if (report.NoReport)
        {
            notChecked.Enqueue(image.ImageId);
            return true;
        }
        if (!report.UsedElsewhere) return true;
        var when = report.ReportTime is DateTime t ? " (image usage report " + report.ReportId + " of " + t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ")" : "";
        if (!request.Force)
        {
            events.Error(new AmiOperationException(ErrorIds.AmiInUseByOtherAccount, AmiErrorCategory.ResourceBusy, image.ImageId,
                "AMI " + image.ImageId + " ('" + image.Ami.Name + "') in " + image.Region + " is used by other accounts: " + report.Describe() + when +
                "; it was not removed. Ask them to move to another image (Get-AmiUsage shows the latest counts), or add -Force to remove it anyway (their launches will fail)."));
            return false;
        }
        events.Warning("AMI " + image.ImageId + " ('" + image.Ami.Name + "') is used by other accounts: " + report.Describe() + when + "; removing it anyway (-Force).");
        return true;
    }

    private static string NotCheckedWarning(IReadOnlyList<string> imageIds) =>
        "Other accounts were not checked for " + (imageIds.Count == 1 ? "1 image" : imageIds.Count + " images") + " (" + string.Join(", ", imageIds.Take(5)) +
        (imageIds.Count > 5 ? " and " + (imageIds.Count - 5) + " more" : "") + "): no image usage report of them exists. If you share them, add -CheckOtherAccounts " +
        "(or run Get-AmiUsage first) so that an image another account still runs is refused.";

    private static AmiOperationException Protected(OwnedImage image)
    {
        var protection = image.Protection;
        var how = protection.Until is string until
            ? "Its protection was turned off with a cooldown and stays in force until " + until + "; try again after that."
            : "Turn it off first with: Disable-AmiDeregistrationProtection -ImageId " + image.ImageId + " -Region " + image.Region +
              (protection.HasCooldown ? ". It was enabled with a cooldown, so it stays in force for 24 hours after that." : ".");
        return new AmiOperationException(ErrorIds.AmiDeregistrationProtected, AmiErrorCategory.InvalidOperation, image.ImageId,
            "AMI " + image.ImageId + " ('" + image.Ami.Name + "') in " + image.Region + " has deregistration protection (" + protection + "); it was not removed. " + how);
    }

    /// <summary>Removes the approved candidates, region by region in parallel, and outputs one AmiRemovalResult each.</summary>
    public async Task ExecuteAsync(RemovalPlan plan, EngineEventStream events, CancellationToken cancellationToken)
    {
        var approved = plan.Candidates.Where(c => c.Approved).OrderBy(c => c.ApprovalOrder).ToList();
        var results = await Task.WhenAll(approved.GroupBy(c => c.Connection.PlaceKey).Select(group => new RegionExecution(_clients, plan, group.ToList(), events).RunAsync(cancellationToken))).ConfigureAwait(false);
        // A failure that stops everything (credentials, endpoint) is raised only after every result is out,
        // so no deregistered image goes unreported.
        // In a fleet such a failure is its account's alone (reported there): the other accounts' results stand.
        var fatal = results.FirstOrDefault(r => r.Fatal != null && PlaceFanOut.StopsCommand(r.Fatal, r.Connection))?.Fatal;
        if (fatal != null) throw fatal;
    }
}
