namespace AmiCmdlets;

/// <summary>What Get-AmiContext shows: the resolved connection settings, where each came from, and who AWS says you are.</summary>
public sealed class AmiContextInfo : AmiOutput
{
    public string Region { get; internal set; } = "";
    public string RegionSource { get; internal set; } = "";
    public string CredentialSource { get; internal set; } = "";
    public string? EndpointUrl { get; internal set; }
    public string EndpointSource { get; internal set; } = "";
    /// <summary>The account STS names (the same as AccountId; kept for scripts written before AccountId).</summary>
    public string? Account { get; internal set; }
    /// <summary>True when STS answered, false when the account could not be reached (Error says why), null with -NoIdentity.</summary>
    public bool? Reachable { get; internal set; }
    public string? Error { get; internal set; }
    public string? Arn { get; internal set; }
    public string? UserId { get; internal set; }
}
