using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LocalAws.Model;

/// <summary>
/// Who signed a request: the account it acts in and the identity GetCallerIdentity reports; for a role session
/// also the role it came from (<see cref="RoleArn"/>, the IAM role ARN), which the call log records.
/// </summary>
internal sealed record Principal(
    string AccessKey, string SecretKey, string Account, string Arn, string UserId, string? SessionToken, DateTimeOffset? Expiration,
    string? RoleArn = null)
{
    /// <summary>A role session (temporary keys); AssumeRole from one is role chaining.</summary>
    public bool IsRoleSession => SessionToken is not null;
}

/// <summary>
/// Long-term keys of every account (<see cref="AccountRegistry"/>) plus temporary keys issued by AssumeRole.
/// Sessions survive /_localaws/reset on purpose: SDK credential providers cache them, and a reset between tests
/// must not turn a cached, unexpired session into an auth failure AWS would never produce.
/// </summary>
internal sealed class CredentialStore
{
    private readonly AccountRegistry _accounts;
    private readonly ConcurrentDictionary<string, Principal> _sessions = new(StringComparer.Ordinal);

    public CredentialStore(AccountRegistry accounts) => _accounts = accounts;

    public Principal? Find(string accessKey) => _accounts.FindByAccessKey(accessKey) ?? _sessions.GetValueOrDefault(accessKey);

    public Principal IssueRoleSession(string partition, string account, string roleName, string roleArn, string sessionName, DateTimeOffset expiration)
    {
        var roleId = "AROA" + RandomToken(16, upper: true);
        var principal = new Principal(
            AccessKey: "ASIA" + RandomToken(16, upper: true),
            SecretKey: RandomToken(40, upper: false),
            Account: account,
            Arn: $"arn:{partition}:sts::{account}:assumed-role/{roleName}/{sessionName}",
            UserId: roleId + ":" + sessionName,
            SessionToken: "LocalAwsSessionToken/" + RandomToken(120, upper: false),
            Expiration: TruncateToSeconds(expiration),
            RoleArn: roleArn);
        _sessions[principal.AccessKey] = principal;
        return principal;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static string RandomToken(int length, bool upper)
    {
        const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const string Mixed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return RandomNumberGenerator.GetString(upper ? Upper : Mixed, length);
    }
}
