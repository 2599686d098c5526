namespace LocalAws;

/// <summary>A region that answers every call with HTTP 503 Unavailable: for every account, or for one account only.</summary>
public sealed record UnavailableFault
{
    /// <summary>The region, or "*" for every region (of <see cref="Account"/>).</summary>
    public string Region { get; init; } = "*";
    /// <summary>Only calls signed by this account (long-term keys or role sessions into it); null = every account.</summary>
    public string? Account { get; init; }
}
