using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using Amazon;
using Amazon.EC2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The one place SDK clients are made. Clients and credentials are cached per (service, region,
/// identity, endpoint), so a pipeline of cmdlets shares connections and an assumed role is asked for once
/// (and again 5 minutes before it expires).
/// </summary>
public sealed class AwsClientFactory
{
    public static AwsClientFactory Shared { get; } = new AwsClientFactory(new ConnectionResolver());

    private readonly ConnectionResolver _resolver;
    private readonly ConcurrentDictionary<string, object> _clients = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AWSCredentials?> _credentials = new ConcurrentDictionary<string, AWSCredentials?>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _accounts = new ConcurrentDictionary<string, Lazy<Task<string>>>(StringComparer.Ordinal);

    public AwsClientFactory(ConnectionResolver resolver) => _resolver = resolver;

    public ConnectionResolver Resolver => _resolver;

    public IAmazonEC2 Ec2(ResolvedConnection connection) =>
        GetOrCreate(connection, "EC2", () => new AmazonEC2Config(), (credentials, config) =>
            credentials == null ? new AmazonEC2Client((AmazonEC2Config)config) : new AmazonEC2Client(credentials, (AmazonEC2Config)config));

    public IAmazonKeyManagementService Kms(ResolvedConnection connection) =>
        GetOrCreate(connection, "KMS", () => new AmazonKeyManagementServiceConfig(), (credentials, config) =>
            credentials == null ? new AmazonKeyManagementServiceClient((AmazonKeyManagementServiceConfig)config) : new AmazonKeyManagementServiceClient(credentials, (AmazonKeyManagementServiceConfig)config));

    public IAmazonSecurityTokenService Sts(ResolvedConnection connection) =>
        GetOrCreate(connection, "STS", () => new AmazonSecurityTokenServiceConfig(), (credentials, config) =>
            credentials == null ? new AmazonSecurityTokenServiceClient((AmazonSecurityTokenServiceConfig)config) : new AmazonSecurityTokenServiceClient(credentials, (AmazonSecurityTokenServiceConfig)config));

    /// <summary>Forgets every client and assumed-role session (Clear-AmiContext, changed credentials).</summary>
    public void Reset()
    {
        foreach (var client in _clients.Values) (client as IDisposable)?.Dispose();
        _clients.Clear();
        _credentials.Clear();
        _accounts.Clear();
        _resolver.Forget();
    }

    private T GetOrCreate<T>(ResolvedConnection connection, string service, Func<ClientConfig> newConfig, Func<AWSCredentials?, ClientConfig, T> create)
        where T : class
    {
        var endpoint = _resolver.EndpointFor(connection, service);
        var key = service + "|" + connection.Region + "|" + connection.IdentityKey + "|" + (endpoint ?? "") + "|" + connection.MaxAttempts;
        return (T)_clients.GetOrAdd(key, _ =>
        {
            var config = Configure(newConfig(), connection.Region, endpoint, connection.MaxAttempts);
            return create(Credentials(connection), config);
        });
    }

    internal ClientConfig ConfigFor(ResolvedConnection connection, string service, ClientConfig config) =>
        Configure(config, connection.Region, _resolver.EndpointFor(connection, service), connection.MaxAttempts);

    private static ClientConfig Configure(ClientConfig config, string region, string? endpoint, int maxAttempts)
    {
        // ServiceURL and RegionEndpoint exclude each other, and touching ServiceURL first on a fresh config
        // lets a later region lookup send the request to real AWS: set exactly one of them, never read first.
        if (endpoint != null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = Math.Max(0, maxAttempts - 1);
        // Unset, .NET Framework's handler allows ServicePointManager.DefaultConnectionLimit (2) per server. The SDK shares
        // one HTTP handler between clients of equal settings, so this bounds every place of a fleet that calls the same
        // endpoint together (all of LocalAws, or one region's endpoint for many accounts): as many as places run at
        // once. At 50, a 160-place fleet waited for connections (bench/fleet.ps1: Find-StaleAmi 2.4x one place; 1.6x now).
        config.MaxConnectionsPerServer = CallLimits.PlacesAtOnce;
        return config;
    }

    /// <summary>
    /// Null means "let the SDK's default chain decide" (environment, profile, SSO, instance role). One per identity
    /// and partition, whatever the region: a role is assumed once per session (in its partition's always-enabled
    /// region, whose STS tokens every region takes) and renewed 5 minutes before it expires, however many regions use it.
    /// </summary>
    internal AWSCredentials? Credentials(ResolvedConnection connection) =>
        _credentials.GetOrAdd(IdentityScope(connection), _ =>
        {
            var baseCredentials = BaseCredentials(connection.Credential);
            if (connection.RoleArn == null) return baseCredentials;
            var stsPlace = connection.InRegion(AwsPartition.AlwaysEnabledRegion(connection.Region) ?? connection.Region);
            var stsForRole = new AmazonSecurityTokenServiceClient(
                baseCredentials ?? new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(new AmazonSecurityTokenServiceConfig()),
                (AmazonSecurityTokenServiceConfig)ConfigFor(stsPlace, "STS", new AmazonSecurityTokenServiceConfig()));
            return new AssumedRoleCredentials(stsForRole, connection.RoleArn, connection.ExternalId);
        });

    /// <summary>
    /// The account of this identity, asked with <paramref name="ask"/> once per session however many callers want it
    /// at once; a failed answer is forgotten, so the next caller asks again.
    /// </summary>
    internal async Task<string> AccountOfAsync(ResolvedConnection connection, Func<Task<string>> ask)
    {
        var scope = IdentityScope(connection);
        var answer = _accounts.GetOrAdd(scope, _ => new Lazy<Task<string>>(ask));
        try
        {
            return await answer.Value.ConfigureAwait(false);
        }
        catch
        {
            ((ICollection<KeyValuePair<string, Lazy<Task<string>>>>)_accounts).Remove(new KeyValuePair<string, Lazy<Task<string>>>(scope, answer));
            throw;
        }
    }

    private string IdentityScope(ResolvedConnection connection) =>
        AwsPartition.Of(connection.Region) + "|" + connection.IdentityKey + "|" + (_resolver.EndpointFor(connection, "STS") ?? "");

    private static AWSCredentials? BaseCredentials(CredentialChoice choice)
    {
        if (choice.Keys != null) return new BasicAWSCredentials(choice.Keys.AccessKeyId, choice.Keys.SecretAccessKey);
        if (choice.Key.StartsWith("profile:", StringComparison.Ordinal))
        {
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(choice.ProfileName, out var fromProfile)) return fromProfile;
            throw new AmiOperationException(ErrorIds.ProfileCredentialsUnavailable, AmiErrorCategory.AuthenticationError, choice.ProfileName,
                "The AWS profile '" + choice.ProfileName + "' exists but gives no usable credentials (no keys, role, SSO session or credential_process).");
        }
        return null;
    }
}
