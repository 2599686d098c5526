using System;
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

    public ResolvedConnection Resolve(ConnectionSettings parameters, ConnectionSettings? context)
    {
        context ??= new ConnectionSettings();
        var credential = ResolveCredential(parameters, context, out var profile);
        var (region, regionSource) = ResolveRegion(parameters, context, profile);
        var (endpoint, endpointSource) = ResolveEndpoint(parameters, context);
        var roleArn = parameters.RoleArn ?? context.RoleArn;
        var externalId = parameters.RoleArn != null ? parameters.ExternalId : (parameters.ExternalId ?? context.ExternalId);
        var maxAttempts = parameters.MaxAttempts ?? context.MaxAttempts ?? DefaultMaxAttempts;
        return new ResolvedConnection(region, regionSource, credential, endpoint, endpointSource, roleArn, externalId, maxAttempts);
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

    private (string Region, string Source) ResolveRegion(ConnectionSettings parameters, ConnectionSettings context, CredentialProfile? profile)
    {
        if (!string.IsNullOrEmpty(parameters.Region)) return (Validate(parameters.Region!, "-Region"), "-Region parameter");
        if (!string.IsNullOrEmpty(context.Region)) return (Validate(context.Region!, "Set-AmiContext -Region"), "Set-AmiContext");
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
