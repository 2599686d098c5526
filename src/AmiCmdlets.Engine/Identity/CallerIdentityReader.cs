using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SecurityToken.Model;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Identity;

/// <summary>Who AWS says the resolved credentials are (STS GetCallerIdentity), cached per identity.</summary>
public sealed class CallerIdentityReader(AwsClientFactory clients)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AmiContextInfo> _cache =
        new System.Collections.Concurrent.ConcurrentDictionary<string, AmiContextInfo>(StringComparer.Ordinal);

    public async Task<AmiContextInfo> DescribeAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Sts(connection).GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            var info = Describe(connection);
            info.Account = response.Account;
            info.Arn = response.Arn;
            info.UserId = response.UserId;
            return info;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrorMap.Translate(exception, connection.Region, "STS GetCallerIdentity");
        }
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
    };

    /// <summary>The caller's account id, asked once per identity (sharing and ownership checks need it).</summary>
    public async Task<string> AccountIdAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        var key = connection.IdentityKey + "|" + (connection.EndpointUrl ?? "");
        if (_cache.TryGetValue(key, out var known) && known.Account != null) return known.Account;
        var info = await DescribeAsync(connection, cancellationToken).ConfigureAwait(false);
        _cache[key] = info;
        return info.Account!;
    }
}
