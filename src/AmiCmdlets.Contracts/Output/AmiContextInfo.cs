namespace AmiCmdlets;

/// <summary>What Get-AmiContext shows: the resolved connection settings, where each came from, and who AWS says you are.</summary>
public sealed class AmiContextInfo
{
    public string Region { get; internal set; } = "";
    public string RegionSource { get; internal set; } = "";
    public string? ProfileName { get; internal set; }
    public string CredentialSource { get; internal set; } = "";
    public string? EndpointUrl { get; internal set; }
    public string EndpointSource { get; internal set; } = "";
    public string? RoleArn { get; internal set; }
    public string? Account { get; internal set; }
    public string? Arn { get; internal set; }
    public string? UserId { get; internal set; }
}
