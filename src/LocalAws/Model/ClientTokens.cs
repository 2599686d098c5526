namespace LocalAws.Model;

/// <summary>
/// EC2 idempotency (ClientToken): per account, region and action, a token remembers the parameters it was
/// first used with and the resource it produced. The same token with the same parameters answers the same
/// resource again; with other parameters, IdempotentParameterMismatch.
/// </summary>
internal sealed class ClientTokens
{
    private readonly Dictionary<(string Account, string Region, string Action, string Token), (string Fingerprint, string ResourceId)> _tokens = new();

    public void Clear() => _tokens.Clear();

    public (string Fingerprint, string ResourceId)? Find(string account, string region, string action, string token) =>
        _tokens.TryGetValue((account, region, action, token), out var entry) ? entry : null;

    public void Remember(string account, string region, string action, string token, string fingerprint, string resourceId) =>
        _tokens[(account, region, action, token)] = (fingerprint, resourceId);
}
