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

namespace AmiCmdlets.Engine.Governance;

/// <summary>
/// Set-AmiAllowedSetting over every place. The plan reads the current settings and, when the result would be
/// Enabled and anything changes, what the new criteria would stop (AllowedImagesImpact); such a place is refused
/// (AllowedAmisWouldBlock, naming each instance and launch template) unless forced. Audit mode and Disabled block
/// nothing and go through. Criteria are replaced before enabling and after disabling, so no moment enforces the
/// wrong ones.
/// </summary>
public sealed class AllowedImagesUpdater(AwsClientFactory clients, Func<DateTime>? utcNow = null)
{
    private const int Named = 10;
    private readonly Func<DateTime> _utcNow = utcNow ?? (() => DateTime.UtcNow);

    public async Task<IReadOnlyList<AllowedImagesChange>> PlanAsync(IReadOnlyList<ResolvedConnection> places, string state, IReadOnlyList<AmiImageCriterion>? criteria, bool force,
        EngineEventStream events, CancellationToken cancellationToken)
    {
        foreach (var criterion in criteria ?? new AmiImageCriterion[0]) AllowedImageRules.Validate(criterion);
        if (criteria is { Count: > 10 })
            throw new AmiOperationException(ErrorIds.InvalidImageCriterion, AmiErrorCategory.InvalidArgument, null, "Allowed AMIs takes at most 10 criteria. Nothing was changed.");
        var planned = new ConcurrentDictionary<string, AllowedImagesChange>(StringComparer.Ordinal);
        var reader = new AllowedImagesSettingsReader(clients);
        var impact = new AllowedImagesImpact(clients);
        var now = _utcNow();
        await PlaceFanOut.ForEachPlaceAsync(places, async place =>
        {
            var current = await reader.ReadAsync(place, cancellationToken).ConfigureAwait(false);
            var change = new AllowedImagesChange(place, current, state, criteria);
            if (current.ManagedBy == "declarative-policy" && !change.AlreadyDone)
            {
                events.Error(new AmiOperationException(ErrorIds.AccessDenied, AmiErrorCategory.PermissionDenied, PlaceFanOut.NameOf(place),
                    "Allowed AMIs in " + PlaceFanOut.NameOf(place) + " is set by an AWS Organizations declarative policy; the account cannot change it. Nothing was changed there."));
                return;
            }
            if (state == AllowedImageRules.Enabled && !change.AlreadyDone)
            {
                var blocked = await impact.BlockedAsync(place, change.CriteriaAfter, now, cancellationToken).ConfigureAwait(false);
                if (blocked.Count > 0 && !force)
                {
                    events.Error(WouldBlock(place, change, blocked));
                    return;
                }
                change.Blocked = blocked;
                foreach (var item in blocked) events.Warning("Allowed AMIs in " + PlaceFanOut.NameOf(place) + " (-Force): " + item + ", which will no longer be allowed.");
            }
            planned[place.PlaceKey] = change;
        }, place => "Reading Allowed AMIs in " + PlaceFanOut.NameOf(place), events, cancellationToken).ConfigureAwait(false);
        return places.Where(p => planned.ContainsKey(p.PlaceKey)).Select(p => planned[p.PlaceKey]).ToList();
    }

    public Task ExecuteAsync(IReadOnlyList<AllowedImagesChange> approved, EngineEventStream events, CancellationToken cancellationToken) =>
        PlaceFanOut.ForEachAsync(approved, async change =>
        {
            var ec2 = clients.Ec2(change.Place);
            if (change.State == AllowedImageRules.Disabled && change.ChangesState) await DisableAsync(ec2, cancellationToken).ConfigureAwait(false);
            if (change.ReplacesCriteria)
                await ec2.ReplaceImageCriteriaInAllowedImagesSettingsAsync(new ReplaceImageCriteriaInAllowedImagesSettingsRequest
                {
                    ImageCriteria = change.Criteria!.Select(ToRequest).ToList(),
                }, cancellationToken).ConfigureAwait(false);
            if (change.State != AllowedImageRules.Disabled && change.ChangesState)
                await ec2.EnableAllowedImagesSettingsAsync(new EnableAllowedImagesSettingsRequest
                {
                    AllowedImagesSettingsState = AllowedImageRules.Ec2StateOf(change.State),
                }, cancellationToken).ConfigureAwait(false);
            events.Output(new AmiAllowedSetting
            {
                Region = change.Place.Region,
                State = change.State,
                Criteria = change.CriteriaAfter,
                ManagedBy = change.Current.ManagedBy,
            }.At(change.Place));
        }, c => PlaceFanOut.NameOf(c.Place), c => "Changing Allowed AMIs in " + PlaceFanOut.NameOf(c.Place), events, cancellationToken);

    private static Task DisableAsync(IAmazonEC2 ec2, CancellationToken cancellationToken) =>
        ec2.DisableAllowedImagesSettingsAsync(new DisableAllowedImagesSettingsRequest(), cancellationToken);

    private static ImageCriterionRequest ToRequest(AmiImageCriterion criterion) => new ImageCriterionRequest
    {
        ImageProviders = criterion.ImageProvider.Count == 0 ? null : criterion.ImageProvider.ToList(),
        ImageNames = criterion.ImageName.Count == 0 ? null : criterion.ImageName.ToList(),
        MarketplaceProductCodes = criterion.MarketplaceProductCode.Count == 0 ? null : criterion.MarketplaceProductCode.ToList(),
        CreationDateCondition = criterion.MaxImageAgeDays is { } age ? new CreationDateConditionRequest { MaximumDaysSinceCreated = age } : null,
        DeprecationTimeCondition = criterion.MaxDaysSinceDeprecation is { } days ? new DeprecationTimeConditionRequest { MaximumDaysSinceDeprecated = days } : null,
    };

    private static AmiOperationException WouldBlock(ResolvedConnection place, AllowedImagesChange change, IReadOnlyList<string> blocked)
    {
        var where = PlaceFanOut.NameOf(place);
        return new AmiOperationException(ErrorIds.AllowedAmisWouldBlock, AmiErrorCategory.ResourceBusy, where,
            "Not enabling Allowed AMIs in " + where + " with criteria " + AllowedImagesChange.Describe(change.CriteriaAfter) + ": " + blocked.Count +
            " in use would stop working (relaunch, scaling and replacement fail for images that are not allowed): " +
            string.Join("; ", blocked.Take(Named)) + (blocked.Count > Named ? "; and " + (blocked.Count - Named) + " more" : "") +
            ". Nothing was changed there. Try -State AuditMode first (it shows ImageAllowed on every image and blocks nothing), widen the criteria, " +
            "or pass -Force to enable anyway.");
    }
}
