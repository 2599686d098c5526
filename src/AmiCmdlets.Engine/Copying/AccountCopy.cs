using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// Copy-AmiToAccount: a copy the target account owns, so the source can be retired later. Each target account
/// copies the image itself (CopyImage called through its role, re-encrypted with its key, or its default EBS key when
/// the source is encrypted and no key is named), after the source account granted what that needs (LaunchPermissionSharing:
/// launch permission, createVolumePermission on the snapshots, KMS grants on the source's keys), only what is missing.
/// The copy side is CopyFanOut over the target places: pre-flight per place, names looked up so a re-run outputs the
/// earlier copy, a client token against duplicates, and one error per account and region that fails.
/// </summary>
public sealed class AccountCopy(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private readonly CopyFanOut _copies = new CopyFanOut(clients, utcNow);

    public async Task<AccountCopyPlan> PlanAsync(CopyRequest request, EngineEventStream events, CancellationToken cancellationToken)
    {
        var sourceAccounts = new HashSet<string>(request.Sources.Select(s => s.Connection.AccountId).Where(a => a != null).Select(a => a!), StringComparer.Ordinal);
        var places = new List<ResolvedConnection>();
        foreach (var place in request.DestinationPlaces ?? new ResolvedConnection[0])
        {
            if (place.AccountId != null && sourceAccounts.Contains(place.AccountId))
                events.Error(new AmiOperationException(ErrorIds.AmiCopyFailed, AmiErrorCategory.InvalidArgument, PlaceFanOut.NameOf(place),
                    "Not copying to " + PlaceFanOut.NameOf(place) + ": account " + place.AccountId + " owns the source image already. Copy-AmiToAccount copies into other " +
                    "accounts (name them with -RoleArn, or -RoleName with -RoleAccountId); to copy within the account use Copy-AmiToRegion."));
            else places.Add(place);
        }
        if (places.Count == 0) return new AccountCopyPlan(new LaunchPermissionPlan[0], new CopyJob[0]);
        request.DestinationPlaces = places;

        var jobs = await _copies.PlanAsync(request, events, cancellationToken).ConfigureAwait(false);
        var targets = jobs.Where(j => !j.AlreadyDone && j.Destination.AccountId != null)
            .GroupBy(j => j.Source.Connection.PlaceKey + "|" + j.Source.ImageId, StringComparer.Ordinal)
            .Select(g => new SharingTarget(g.First().Source.Connection, g.First().Source.ImageId,
                g.Select(j => j.Destination.AccountId!).Distinct(StringComparer.Ordinal).Select(SharingPrincipals.AccountId).ToList()))
            .ToList();
        var sharing = targets.Count == 0 ? new LaunchPermissionPlan[0]
            : await new LaunchPermissionSharing(clients).PlanGrantAsync(new SharingRequest { Images = targets }, events, cancellationToken).ConfigureAwait(false);
        return new AccountCopyPlan(sharing, jobs);
    }

    /// <summary>
    /// Grants first, then the copies of every approved job whose source was granted (or needed nothing). A source whose
    /// grants failed copies nowhere: its error says where the grants stopped.
    /// </summary>
    public async Task ExecuteAsync(CopyRequest request, IReadOnlyList<LaunchPermissionPlan> sharing, IReadOnlyList<CopyJob> copies, WaitPolicy? wait,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        var granting = sharing.Where(p => p.HasChanges).ToList();
        var failedSources = new HashSet<string>(StringComparer.Ordinal);
        if (granting.Count > 0)
        {
            // The grants run into a stream of their own: each source that ended as asked comes back as output (not for
            // the pipeline, which gets the copies); everything else they report is passed on.
            var granted = new HashSet<string>(StringComparer.Ordinal);
            using (var grants = new EngineEventStream())
            {
                try
                {
                    await new LaunchPermissionSharing(clients).ExecuteAsync(granting, passThru: true, grants, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    grants.Complete();
                }
                foreach (var reported in grants.Consume(CancellationToken.None))
                {
                    if (reported is OutputEvent { Item: Ami image }) granted.Add(image.ImageId);
                    else events.Post(reported);
                }
            }
            foreach (var plan in granting.Where(p => !granted.Contains(p.Image.ImageId))) failedSources.Add(plan.Connection.PlaceKey + "|" + plan.Image.ImageId);
        }
        var go = copies.Where(j => !failedSources.Contains(j.Source.Connection.PlaceKey + "|" + j.Source.ImageId)).ToList();
        if (wait != null) await _copies.ExecuteAndWaitAsync(request, go, wait, events, cancellationToken).ConfigureAwait(false);
        else await _copies.ExecuteAsync(request, go, outputAsCreated: true, events, cancellationToken).ConfigureAwait(false);
    }
}
