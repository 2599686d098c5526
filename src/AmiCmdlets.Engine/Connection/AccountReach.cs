using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Identity;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Before a command acts, each identity of its places is reached once: a role is assumed (its account is in its
/// ARN), other credentials are asked who they are (STS GetCallerIdentity, once per session), and over several
/// identities an opt-in region is checked to be enabled (DescribeRegions, only when a run uses such a region). Over several identities, one
/// that cannot be reached is one error naming the account, the role and the reason, and the others go on; a single
/// identity's failure stops the command, as any credential failure does. Places come back with their account.
/// </summary>
public sealed class AccountReach(AwsClientFactory clients)
{
    // Identities that could not be reached in this command (reported then): their later places are left out without
    // another AssumeRole or another error, so piped objects of an unreachable account make one error, not one per object.
    private readonly ConcurrentDictionary<string, bool> _unreachable = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<ResolvedConnection>> ReachAsync(IReadOnlyList<ResolvedConnection> places, EngineEventStream events, CancellationToken cancellationToken)
    {
        var identities = places.Where(p => !_unreachable.ContainsKey(p.IdentityKey)).GroupBy(p => p.IdentityKey, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var fleet = identities.Count > 1;
        // Piped objects each name their own identity (InFleet): one object's account failing is that object's alone.
        var ownErrors = fleet || places.Any(p => p.InFleet);
        var reached = new ConcurrentDictionary<string, IReadOnlyList<ResolvedConnection>>(StringComparer.Ordinal);
        var limiter = new CallLimiter(CallLimits.MaxInFlight);
        await Task.WhenAll(identities.Select(async identity =>
        {
            try
            {
                reached[identity[0].IdentityKey] = await limiter.RunAsync(() => ReachIdentityAsync(identity, fleet, events, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var error = Unreachable(identity[0], AwsErrorMap.Translate(exception, identity[0].IdentityName));
                if (!ownErrors) throw error;
                _unreachable[identity[0].IdentityKey] = true;
                events.Error(error);
            }
        })).ConfigureAwait(false);
        // In the order asked, so output and errors follow the user's list.
        var ordered = identities.Where(i => reached.ContainsKey(i[0].IdentityKey)).Select(i => reached[i[0].IdentityKey]).ToList();
        return fleet ? OncePerAccount(ordered, events) : ordered.SelectMany(p => p).ToList();
    }

    /// <summary>
    /// Each account acts once in each region, through the first identity named that reaches it: two roles of one
    /// account (IAM role names ignore case, so AmiAdmin and amiadmin are one role) or two profiles of one account
    /// would otherwise list every image twice and remove it twice. A warning names the identity left out.
    /// </summary>
    private static List<ResolvedConnection> OncePerAccount(IReadOnlyList<IReadOnlyList<ResolvedConnection>> identities, EngineEventStream events)
    {
        var through = new Dictionary<string, ResolvedConnection>(StringComparer.Ordinal);
        var kept = new List<ResolvedConnection>();
        foreach (var identity in identities)
        {
            ResolvedConnection? first = null;
            foreach (var place in identity)
            {
                var key = place.AccountId == null ? null : place.AccountId + "|" + place.Region + "|" + (place.EndpointUrl ?? "");
                if (key != null && through.TryGetValue(key, out var earlier))
                {
                    first ??= earlier;
                    continue;
                }
                if (key != null) through[key] = place;
                kept.Add(place);
            }
            if (first != null)
            {
                events.Warning("Account " + first.AccountId + " is named twice: through " + Who(first) + " and through " + Who(identity[0]) +
                    "; acting there once, through " + Who(first) + ".");
            }
        }
        return kept;
    }

    private static string Who(ResolvedConnection place) => place.RoleArn != null ? "role " + place.RoleArn : place.ProfileName != null ? "profile " + place.ProfileName : place.CredentialSource;

    private async Task<IReadOnlyList<ResolvedConnection>> ReachIdentityAsync(List<ResolvedConnection> places, bool fleet, EngineEventStream events, CancellationToken cancellationToken)
    {
        var first = places[0];
        string? account;
        if (first.RoleArn != null)
        {
            // Assumes the role now (or takes the session already held): a refusal is known before any work.
            await clients.Credentials(first)!.GetCredentialsAsync().ConfigureAwait(false);
            account = first.AccountId;
        }
        else
        {
            account = await AccountOfCredentialsAsync(first, fleet, cancellationToken).ConfigureAwait(false);
        }
        var withAccount = account == null ? places : places.Select(p => p.WithAccount(account)).ToList();
        // One identity alone learns of a region it has not enabled from its first call (RegionAccessDiagnosis), at no cost.
        return fleet ? await EnabledPlacesAsync(withAccount, events, cancellationToken).ConfigureAwait(false) : withAccount;
    }

    /// <summary>Who the credentials are. One identity alone goes on without it when STS cannot say (its first call will say why).</summary>
    private async Task<string?> AccountOfCredentialsAsync(ResolvedConnection place, bool fleet, CancellationToken cancellationToken)
    {
        var stsPlace = place.InRegion(AwsPartition.AlwaysEnabledRegion(place.Region) ?? place.Region);
        try
        {
            return await new CallerIdentityReader(clients).AccountIdAsync(stsPlace, cancellationToken).ConfigureAwait(false);
        }
        catch (AmiOperationException) when (!fleet)
        {
            return null;
        }
    }

    /// <summary>The places whose region the account has enabled; each other one is a RegionNotEnabled error.</summary>
    private async Task<IReadOnlyList<ResolvedConnection>> EnabledPlacesAsync(IReadOnlyList<ResolvedConnection> places, EngineEventStream events, CancellationToken cancellationToken)
    {
        var optIn = places.Where(p => !AwsPartition.EnabledByDefault(p.Region) && AwsPartition.AlwaysEnabledRegion(p.Region) != null).ToList();
        if (optIn.Count == 0) return places;
        var reference = optIn[0].InRegion(AwsPartition.AlwaysEnabledRegion(optIn[0].Region)!);
        var states = await new RegionAccessDiagnosis(clients).RegionStatesAsync(reference, cancellationToken).ConfigureAwait(false);
        var enabled = new List<ResolvedConnection>();
        foreach (var place in places)
        {
            if (states.TryGetValue(place.Region, out var state) && state == "not-opted-in")
            {
                events.Error(RegionAccessDiagnosis.NotEnabled(place.Region, ": nothing was done there.", ".", account: "account " + place.IdentityName, target: PlaceFanOut.NameOf(place)));
                continue;
            }
            enabled.Add(place);
        }
        return enabled;
    }

    /// <summary>AccountUnreachable, or the credential error itself (expired, not found) with the account and role named.</summary>
    private static AmiOperationException Unreachable(ResolvedConnection place, AmiOperationException reason)
    {
        // A throttled or unavailable STS says nothing about the role: its own id, and "again later", not "check the role".
        var transient = AwsErrorMap.IsTransient(reason);
        var keepsId = transient || (reason.Category == AmiErrorCategory.AuthenticationError && reason.ErrorId != ErrorIds.AwsAuthenticationFailed);
        var who = (place.AccountId != null ? "Account " + place.AccountId : "The credentials of " + place.CredentialSource) +
                  (place.RoleArn != null ? " (role " + place.RoleArn + ")" : place.ProfileName != null && place.AccountId != null ? " (profile " + place.ProfileName + ")" : "");
        var advice = transient ? "; run the command again for it"
            : place.RoleArn != null ? "; check that the role exists and trusts the caller" + (place.ExternalId != null ? " with this external id" : "") : "";
        return new AmiOperationException(keepsId ? reason.ErrorId : ErrorIds.AccountUnreachable, keepsId ? reason.Category : AmiErrorCategory.PermissionDenied,
            place.AccountId ?? place.IdentityName,
            who + " cannot be reached: " + reason.Message + ". Nothing was done there" + advice + ".",
            reason.AwsErrorCode, reason);
    }
}
