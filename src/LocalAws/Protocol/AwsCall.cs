using LocalAws.Model;

namespace LocalAws.Protocol;

/// <summary>One authenticated API call as an action handler sees it.</summary>
internal sealed class AwsCall
{
    public required AwsService Service { get; init; }
    public required string Action { get; init; }
    public required Principal Principal { get; init; }
    public required string Region { get; init; }
    public required string RequestId { get; init; }
    public required EmulatorState State { get; init; }
    public required CredentialStore Credentials { get; init; }
    /// <summary>The parameters of a Query-protocol call (EC2, STS).</summary>
    public QueryRequest? Query { get; init; }
    /// <summary>The raw body of a JSON-protocol call (KMS).</summary>
    public byte[] Body { get; init; } = Array.Empty<byte>();

    public string Account => Principal.Account;

    public QueryRequest Params => Query ?? throw new InvalidOperationException("Not a Query-protocol call.");
}
