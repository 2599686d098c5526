namespace LocalAws;

/// <summary>
/// POST /_localaws/accounts: adds accounts by id (<see cref="AccountId"/>, <see cref="AccountIds"/>) and/or the next
/// <see cref="Count"/> generated ones. Adding a known account is not an error: it answers its keys again.
/// </summary>
public sealed record AddAccountsRequest
{
    public string? AccountId { get; init; }
    public IReadOnlyList<string>? AccountIds { get; init; }
    /// <summary>How many generated accounts (100000000001, ...) not known yet to add, after the ids.</summary>
    public int Count { get; init; }
}
