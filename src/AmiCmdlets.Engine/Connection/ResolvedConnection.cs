namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The settings one call uses, each with a note of where it came from (shown by -Debug). Equal
/// resolved connections share cached SDK clients.
/// </summary>
public sealed class ResolvedConnection
{
    internal ResolvedConnection(string region, string regionSource, CredentialChoice credential, string? endpointUrl, string endpointSource, string? roleArn, string? externalId, int maxAttempts)
    {
        Region = region;
        RegionSource = regionSource;
        Credential = credential;
        EndpointUrl = endpointUrl;
        EndpointSource = endpointSource;
        RoleArn = roleArn;
        ExternalId = externalId;
        MaxAttempts = maxAttempts;
    }

    public string Region { get; }
    public string RegionSource { get; }
    public string CredentialSource => Credential.Source;
    public string? ProfileName => Credential.ProfileName;
    public string? EndpointUrl { get; }
    public string EndpointSource { get; }
    public string? RoleArn { get; }
    public string? ExternalId { get; }
    public int MaxAttempts { get; }
    internal CredentialChoice Credential { get; }

    /// <summary>The same identity and endpoint in another region (for fan-out across regions).</summary>
    public ResolvedConnection InRegion(string region) =>
        region == Region ? this : new ResolvedConnection(region, RegionSource + " (fan-out)", Credential, EndpointUrl, EndpointSource, RoleArn, ExternalId, MaxAttempts);

    internal string IdentityKey => Credential.Key + "|" + (RoleArn ?? "") + "|" + (ExternalId ?? "");
}
