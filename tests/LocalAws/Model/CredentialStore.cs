using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LocalAws.Model;

/// <summary>Who signed a request: the account it acts in and the identity GetCallerIdentity reports.</summary>
internal sealed record Principal(
    string AccessKey, string SecretKey, string Account, string Arn, string UserId, string? SessionToken, DateTimeOffset? Expiration);

/// <summary>
/// Long-term keys of the three fixed accounts plus temporary keys issued by AssumeRole. Sessions survive
/// /_localaws/reset on purpose: SDK credential providers cache them, and a reset between tests must
/// not turn a cached, unexpired session into an auth failure AWS would never produce.
/// </summary>
internal sealed class CredentialStore
{
    private static readonly Principal[] LongTerm =
    {
        User(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey, LocalAwsAccounts.DefaultAccount, "AIDALOCALAWSDEFAULT01"),
        User(LocalAwsAccounts.AccountBAccessKey, LocalAwsAccounts.AccountBSecretKey, LocalAwsAccounts.AccountB, "AIDALOCALAWSACCOUNTB1"),
        User(LocalAwsAccounts.AccountCAccessKey, LocalAwsAccounts.AccountCSecretKey, LocalAwsAccounts.AccountC, "AIDALOCALAWSACCOUNTC1"),
    };

    private readonly ConcurrentDictionary<string, Principal> _sessions = new(StringComparer.Ordinal);

    public Principal? Find(string accessKey)
    {
        foreach (var p in LongTerm)
        {
            if (p.AccessKey == accessKey) return p;
        }
        return _sessions.GetValueOrDefault(accessKey);
    }

    public Principal IssueRoleSession(string account, string roleName, string sessionName, TimeSpan duration, DateTimeOffset now)
    {
        var roleId = "AROA" + RandomToken(16, upper: true);
        var principal = new Principal(
            AccessKey: "ASIA" + RandomToken(16, upper: true),
            SecretKey: RandomToken(40, upper: false),
            Account: account,
            Arn: $"arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}",
            UserId: roleId + ":" + sessionName,
            SessionToken: "LocalAwsSessionToken/" + RandomToken(120, upper: false),
            Expiration: TruncateToSeconds(now + duration));
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

    private static Principal User(string key, string secret, string account, string userId) =>
        new(key, secret, account, $"arn:aws:iam::{account}:user/localaws", userId, null, null);
}
