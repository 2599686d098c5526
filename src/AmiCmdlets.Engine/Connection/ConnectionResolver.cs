using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.Runtime.CredentialManagement;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Decides region, credentials and endpoint from, in order: the cmdlet's parameters, the session
/// context (Set-AmiContext), the environment, and the shared config/credentials files. Nothing here
/// calls AWS; a missing region or profile is a terminating error before any request.
/// </summary>
public sealed class ConnectionResolver
{
    public const int DefaultMaxAttempts = 5;

    private readonly Func<string, string?> _environment;
    // Role -> the external id it was last assumed with in this session: a piped object names its role, not the id.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _externalIds = new(StringComparer.Ordinal);
    private readonly Func<string, CredentialProfile?> _findProfile;

    public ConnectionResolver()
        : this(Environment.GetEnvironmentVariable, FindSharedProfile)
    {
    }

    internal ConnectionResolver(Func<string, string?> environment, Func<string, CredentialProfile?> findProfile)
    {
        _environment = environment;
        _findProfile = findProfile;
    }

    /// <summary>The first place of <see cref="ResolveFleet"/>: for callers that need one (tab completion, checks).</summary>
    public ResolvedConnection Resolve(ConnectionSettings parameters, ConnectionSettings? context) => ResolveFleet(parameters, context)[0];

    /// <summary>
    /// Every identity in every region the layers name: each role is assumed from the one base credential (a profile,
    /// keys or the default chain); without roles, each profile is an identity. Regions follow the layers, then the
    /// environment, then each identity's profile. Names of places say the account when there is more than one
    /// identity (a fleet) or a role. Never empty; a contradiction (several profiles and roles, a role of another partition
    /// than its region) is an error before any call.
    /// </summary>
    public IReadOnlyList<ResolvedConnection> ResolveFleet(ConnectionSettings parameters, ConnectionSettings? context)
    {
        context ??= new ConnectionSettings();
        var credentials = ResolveCredentials(parameters, context);
        var roleLayer = parameters.NamesRoles ? parameters : context;
        var externalId = parameters.ExternalId ?? (roleLayer == context ? context.ExternalId : null);
        if (roleLayer.NamesRoles && credentials.Count > 1)
        {
            throw new AmiOperationException(ErrorIds.FleetAmbiguous, AmiErrorCategory.InvalidArgument, null,
                "Roles are assumed from one set of credentials, but " + credentials.Count + " profiles are named (" +
                string.Join(", ", credentials.Select(c => c.Choice.ProfileName ?? c.Choice.Source)) + "). " +
                "Pass one -ProfileName to assume the roles from, or several -ProfileName without -RoleArn.");
        }
        var (endpoint, endpointSource) = ResolveEndpoint(parameters, context);
        var maxAttempts = parameters.MaxAttempts ?? context.MaxAttempts ?? DefaultMaxAttempts;

        var places = new List<ResolvedConnection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (choice, profile) in credentials)
        {
            foreach (var (region, regionSource) in ResolveRegions(parameters, context, profile))
            {
                foreach (var roleArn in RolesIn(roleLayer, region))
                {
                    var place = new ResolvedConnection(region, regionSource, choice, endpoint, endpointSource, roleArn, ExternalIdFor(roleArn, externalId), maxAttempts);
                    if (seen.Add(place.PlaceKey)) places.Add(place);
                }
            }
        }
        var identities = places.Select(p => p.IdentityKey).Distinct(StringComparer.Ordinal).Count();
        return identities > 1 ? places.Select(p => p.AsFleetMember()).ToList() : places;
    }

    /// <summary>
    /// The external id a role is assumed with: the one given, else the one it was given earlier in the session, so
    /// that an object piped on from a command that used -ExternalId reaches its account again without repeating it.
    /// </summary>
    private string? ExternalIdFor(string? roleArn, string? given)
    {
        if (roleArn == null) return null;
        if (given != null) return _externalIds[roleArn] = given;
        return _externalIds.TryGetValue(roleArn, out var remembered) ? remembered : null;
    }

    /// <summary>Forgets the external ids of the session (Clear-AmiContext, Set-AmiContext).</summary>
    internal void Forget() => _externalIds.Clear();

    /// <summary>The layer's roles in <paramref name="region"/> (ARNs as given, names built in its partition), or one null: no role.</summary>
    private static IEnumerable<string?> RolesIn(ConnectionSettings layer, string region)
    {
        if (!layer.NamesRoles) return new string?[] { null };
        var partition = AwsPartition.Of(region);
        foreach (var arn in layer.RoleArns)
        {
            if (AwsPartition.OfArn(arn) != partition)
            {
                throw new AmiOperationException(ErrorIds.RolePartitionMismatch, AmiErrorCategory.InvalidArgument, arn,
                    "The role " + arn + " is in partition '" + AwsPartition.OfArn(arn) + "', but " + region + " is in '" + partition + "': a role is assumed " +
                    "in its own partition. Use " + AwsPartition.RoleArn(region, AwsPartition.AccountOfArn(arn), arn.Substring(arn.IndexOf(":role/", StringComparison.Ordinal) + 6)) +
                    ", or -RoleName with -RoleAccountId, which follows each region's partition.");
            }
        }
        var named = layer.RoleName == null ? Enumerable.Empty<string>() : layer.RoleAccountIds.Select(account => AwsPartition.RoleArn(region, account, layer.RoleName));
        return layer.RoleArns.Concat(named).Distinct(StringComparer.Ordinal).Cast<string?>().ToList();
    }

    private List<(CredentialChoice Choice, CredentialProfile? Profile)> ResolveCredentials(ConnectionSettings parameters, ConnectionSettings context)
    {
        if (parameters.ProfileNames.Count > 0 && parameters.Credential == null)
        {
            return parameters.ProfileNames.Distinct(StringComparer.Ordinal).Select(name =>
                (CredentialChoice.FromProfile(name, "profile '" + name + "' (-ProfileName parameter)"), (CredentialProfile?)RequireProfile(name, "-ProfileName parameter"))).ToList();
        }
        if (parameters.Credential == null && context.Credential == null && context.ProfileNames.Count > 1)
        {
            return context.ProfileNames.Distinct(StringComparer.Ordinal).Select(name =>
                (CredentialChoice.FromProfile(name, "profile '" + name + "' (Set-AmiContext)"), (CredentialProfile?)RequireProfile(name, "Set-AmiContext"))).ToList();
        }
        var one = ResolveCredential(parameters, context, out var profile);
        return new List<(CredentialChoice, CredentialProfile?)> { (one, profile) };
    }

    private CredentialChoice ResolveCredential(ConnectionSettings parameters, ConnectionSettings context, out CredentialProfile? profile)
    {
        // The named profile gives the region even when explicit keys give the credentials.
        var namedProfile = parameters.ProfileName ?? (parameters.Credential == null ? context.ProfileName : null);
        var envProfile = _environment("AWS_PROFILE");
        var profileName = namedProfile ?? (string.IsNullOrEmpty(envProfile) ? "default" : envProfile!);
        profile = namedProfile != null
            ? RequireProfile(namedProfile, parameters.ProfileName != null ? "-ProfileName parameter" : "Set-AmiContext")
            : _findProfile(profileName);

        if (parameters.Credential != null) return CredentialChoice.FromKeys(parameters.Credential, "-Credential parameter");
        if (parameters.ProfileName != null) return CredentialChoice.FromProfile(parameters.ProfileName, "profile '" + parameters.ProfileName + "' (-ProfileName parameter)");
        if (context.Credential != null) return CredentialChoice.FromKeys(context.Credential, "access key " + context.Credential.AccessKeyId + " (Set-AmiContext)");
        if (context.ProfileName != null) return CredentialChoice.FromProfile(context.ProfileName, "profile '" + context.ProfileName + "' (Set-AmiContext)");

        // The SDK's default chain: environment keys, then AWS_PROFILE or 'default', SSO, container and instance roles.
        if (!string.IsNullOrEmpty(_environment("AWS_ACCESS_KEY_ID")))
        {
            return CredentialChoice.DefaultChain("SDK default chain: environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", null);
        }
        if (profile != null)
        {
            return CredentialChoice.DefaultChain("SDK default chain: profile '" + profileName + "'" + (string.IsNullOrEmpty(envProfile) ? "" : " (AWS_PROFILE)"), profileName);
        }
        return CredentialChoice.DefaultChain("SDK default chain (no keys in the environment or shared files: container or instance role)", null);
    }

    private CredentialProfile RequireProfile(string name, string source)
    {
        var profile = _findProfile(name);
        if (profile == null)
        {
            throw new AmiOperationException(ErrorIds.ProfileNotFound, AmiErrorCategory.ObjectNotFound, name,
                "The AWS profile '" + name + "' (from " + source + ") was not found in the shared credentials or config file. " +
                "List the profiles with 'Get-Content ~/.aws/config', or pass -Credential instead.");
        }
        return profile;
    }

    private IEnumerable<(string Region, string Source)> ResolveRegions(ConnectionSettings parameters, ConnectionSettings context, CredentialProfile? profile)
    {
        if (parameters.Regions.Count > 0) return parameters.Regions.Distinct(StringComparer.Ordinal).Select(r => (Validate(r, "-Region"), "-Region parameter")).ToList();
        if (context.Regions.Count > 0) return context.Regions.Distinct(StringComparer.Ordinal).Select(r => (Validate(r, "Set-AmiContext -Region"), "Set-AmiContext")).ToList();
        return new[] { ResolveRegion(profile) };
    }

    private (string Region, string Source) ResolveRegion(CredentialProfile? profile)
    {
        var fromEnv = _environment("AWS_REGION");
        if (!string.IsNullOrEmpty(fromEnv)) return (Validate(fromEnv!, "AWS_REGION"), "environment variable AWS_REGION");
        fromEnv = _environment("AWS_DEFAULT_REGION");
        if (!string.IsNullOrEmpty(fromEnv)) return (Validate(fromEnv!, "AWS_DEFAULT_REGION"), "environment variable AWS_DEFAULT_REGION");
        if (profile?.Region != null) return (Validate(profile.Region.SystemName, "profile '" + profile.Name + "'"), "profile '" + profile.Name + "'");

        throw new AmiOperationException(ErrorIds.RegionNotSpecified, AmiErrorCategory.InvalidArgument, null,
            "No AWS region was specified. Pass -Region (for example -Region us-east-1), set a default with " +
            "'Set-AmiContext -Region us-east-1', set the environment variable AWS_REGION or AWS_DEFAULT_REGION, " +
            "or add 'region = us-east-1' to your profile in ~/.aws/config.");
    }

    // Malformed (InvalidRegion) or unknown (UnknownRegion) names stop here, before any call, whatever their source.
    private static string Validate(string region, string source) => KnownRegions.Require(region, source);

    private (string? Endpoint, string Source) ResolveEndpoint(ConnectionSettings parameters, ConnectionSettings context)
    {
        if (!string.IsNullOrEmpty(parameters.EndpointUrl)) return (parameters.EndpointUrl, "-EndpointUrl parameter");
        if (!string.IsNullOrEmpty(context.EndpointUrl)) return (context.EndpointUrl, "Set-AmiContext");
        // Per-service variables (AWS_ENDPOINT_URL_EC2...) are read by the factory, which knows the service.
        var global = _environment("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(global)) return (global, "environment variable AWS_ENDPOINT_URL");
        return (null, "AWS public endpoints");
    }

    /// <summary>The endpoint for one service: AWS_ENDPOINT_URL_&lt;SERVICE&gt; beats AWS_ENDPOINT_URL, never an explicit one.</summary>
    internal string? EndpointFor(ResolvedConnection connection, string serviceEnvSuffix)
    {
        if (connection.EndpointSource.StartsWith("-EndpointUrl", StringComparison.Ordinal) || connection.EndpointSource == "Set-AmiContext")
        {
            return connection.EndpointUrl;
        }
        var perService = _environment("AWS_ENDPOINT_URL_" + serviceEnvSuffix);
        return string.IsNullOrEmpty(perService) ? connection.EndpointUrl : perService;
    }

    private static CredentialProfile? FindSharedProfile(string name) =>
        new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile : null;
}
