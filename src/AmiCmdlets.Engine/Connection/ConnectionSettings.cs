namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Where and as whom to call AWS, as given by one layer (cmdlet parameters or the session context).
/// Any member may be null: the resolver fills gaps from the next layer.
/// </summary>
public sealed class ConnectionSettings
{
    public string? Region { get; set; }
    public string? ProfileName { get; set; }
    public AccessKeyCredential? Credential { get; set; }
    public string? EndpointUrl { get; set; }
    public string? RoleArn { get; set; }
    public string? ExternalId { get; set; }

    /// <summary>Total attempts per request, first one included (the SDK's standard retry mode).</summary>
    public int? MaxAttempts { get; set; }

    public ConnectionSettings Clone() => (ConnectionSettings)MemberwiseClone();
}
