namespace LocalAws;

/// <summary>Every call signed by one account (long-term keys or a role session into it) answers an auth error.</summary>
public sealed record DenyFault
{
    public required string Account { get; init; }
    /// <summary>Only calls signed for this region; null = every region.</summary>
    public string? Region { get; init; }
    /// <summary>
    /// "authFailure" (default): the keys are refused, as for an unknown key (EC2 AuthFailure, STS InvalidClientTokenId,
    /// KMS UnrecognizedClientException). "accessDenied": authenticated but not allowed, as under a deny-all service
    /// control policy (EC2 UnauthorizedOperation, STS AccessDenied, KMS AccessDeniedException).
    /// </summary>
    public string Kind { get; init; } = DenyKinds.AuthFailure;
}

/// <summary>The values of <see cref="DenyFault.Kind"/>.</summary>
public static class DenyKinds
{
    public const string AuthFailure = "authFailure";
    public const string AccessDenied = "accessDenied";
}
