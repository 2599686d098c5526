namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// One place to act in (an identity in a region) and the settings its calls use, each with a note of where it
/// came from (shown by -Debug). Equal identities share cached SDK clients and one assumed-role session.
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
        AccountId = roleArn == null ? null : AwsPartition.AccountOfArn(roleArn);
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

    /// <summary>The account acted in: the role's account, or who STS says the credentials are; null until known.</summary>
    public string? AccountId { get; private set; }

    /// <summary>
    /// True when this place is one of several identities of a run (a fleet, or piped objects that each carry their
    /// own): a failure here, even of credentials, is this place's, and the others go on.
    /// </summary>
    public bool InFleet { get; private set; }

    /// <summary>
    /// True when names of this place say the account (in a fleet, or through a role): "eu-west-1" alone would not
    /// tell a user which account an error or a confirmation is about.
    /// </summary>
    public bool NamesAccount => InFleet || RoleArn != null;

    /// <summary>The profile to write on outputs: only one the user named (a default-chain guess is not a choice).</summary>
    public string? NamedProfile => Credential.Named ? Credential.ProfileName : null;

    /// <summary>The same identity and endpoint in another region (for fan-out across regions).</summary>
    public ResolvedConnection InRegion(string region) =>
        region == Region ? this : Copy(region, RegionSource + " (fan-out)");

    /// <summary>This place once STS has said which account its credentials are.</summary>
    public ResolvedConnection WithAccount(string accountId)
    {
        var copy = Copy(Region, RegionSource);
        copy.AccountId = accountId;
        return copy;
    }

    /// <summary>This place as one of several identities of a run (see <see cref="InFleet"/>).</summary>
    public ResolvedConnection AsFleetMember()
    {
        if (InFleet) return this;
        var copy = Copy(Region, RegionSource);
        copy.InFleet = true;
        return copy;
    }

    /// <summary>Who acts here, for messages: the account, else the profile, else the credentials' source.</summary>
    public string IdentityName => AccountId ?? (ProfileName != null ? "profile " + ProfileName : CredentialSource);

    internal string IdentityKey => Credential.Key + "|" + (RoleArn ?? "") + "|" + (ExternalId ?? "");

    /// <summary>Equal for connections that act as the same identity in the same region through the same endpoint.</summary>
    public string PlaceKey => IdentityKey + "|" + Region + "|" + (EndpointUrl ?? "");

    private ResolvedConnection Copy(string region, string regionSource) =>
        new ResolvedConnection(region, regionSource, Credential, EndpointUrl, EndpointSource, RoleArn, ExternalId, MaxAttempts)
        {
            AccountId = AccountId,
            InFleet = InFleet,
        };
}
