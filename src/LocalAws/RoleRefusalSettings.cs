namespace LocalAws;

/// <summary>
/// POST /_localaws/role-refusals: roles (by ARN, any partition) and whole accounts whose roles refuse sts:AssumeRole
/// with AccessDenied. Replaces the previous refusals; an empty document clears them, as does /_localaws/reset.
/// </summary>
public sealed record RoleRefusalSettings
{
    public IReadOnlyList<string>? RoleArns { get; init; }
    public IReadOnlyList<string>? Accounts { get; init; }
    /// <summary>Role ARN -> the ExternalId its trust policy requires (sts:ExternalId): AssumeRole without exactly it is refused.</summary>
    public IReadOnlyDictionary<string, string>? RequireExternalId { get; init; }
}
