using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Identity;

/// <summary>Who AWS says the resolved credentials are (STS GetCallerIdentity), cached per identity.</summary>
public sealed class CallerIdentityReader(AwsClientFactory clients)
{
    public async Task<AmiContextInfo> DescribeAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Sts(connection).GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            var info = Describe(connection);
            info.Account = response.Account;
            info.AccountId = response.Account;
            info.Reachable = true;
            info.Arn = response.Arn;
            info.UserId = response.UserId;
            return info;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, connection.Region, "STS GetCallerIdentity");
        }
    }

    /// <summary>
    /// Get-AmiContext over a fleet: one row per identity (in its first region), every identity asked at once. One
    /// that cannot be reached is still a row (Reachable false, Error why) after its error: the settings help to see what is wrong.
    /// </summary>
    public Task DescribeEachAsync(IReadOnlyList<ResolvedConnection> places, EngineEventStream events, CancellationToken cancellationToken)
    {
        var identities = places.GroupBy(p => p.IdentityKey, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var limiter = CallLimiter.ForPlaces();
        return Task.WhenAll(identities.Select(place => limiter.RunAsync(async () =>
        {
            try
            {
                events.Output(await DescribeAsync(place, cancellationToken).ConfigureAwait(false));
            }
            catch (AmiOperationException error) when (!cancellationToken.IsCancellationRequested)
            {
                // Bad keys and a region not enabled look alike: one DescribeRegions tells them apart.
                var explained = await new RegionAccessDiagnosis(clients).ExplainAsync(error, new[] { place }, cancellationToken).ConfigureAwait(false);
                events.Error(explained);
                var row = Describe(place);
                row.Reachable = false;
                row.Error = explained.Message;
                events.Output(row);
            }
        }, cancellationToken)));
    }

    /// <summary>The resolved settings alone, without asking STS who they are.</summary>
    public AmiContextInfo Describe(ResolvedConnection connection) => new AmiContextInfo
    {
        Region = connection.Region,
        RegionSource = connection.RegionSource,
        ProfileName = connection.ProfileName,
        CredentialSource = connection.CredentialSource,
        EndpointUrl = clients.Resolver.EndpointFor(connection, "STS"),
        EndpointSource = connection.EndpointSource,
        RoleArn = connection.RoleArn,
        AccountId = connection.AccountId,
    };

    /// <summary>The caller's account id: the role's, else asked of STS once per identity and session (sharing and ownership checks need it).</summary>
    public async Task<string> AccountIdAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        if (connection.AccountId != null) return connection.AccountId;
        return await clients.AccountOfAsync(connection, async () => (await DescribeAsync(connection, cancellationToken).ConfigureAwait(false)).Account!).ConfigureAwait(false);
    }
}
