using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace LocalAws.Model;

/// <summary>
/// Every account LocalAws knows: the three fixed ones, then those added at start (--accounts, --account) or
/// through POST /_localaws/accounts, each with its long-term keys (<see cref="LocalAwsAccounts.AccessKeyFor"/>).
/// An account's resources need nothing here: they live per account and region in <see cref="EmulatorState"/>
/// and appear on first use. Lookups are lock-free (every request authenticates through here); adding takes a
/// small lock of its own so generated ids are handed out in order. Accounts survive /_localaws/reset, as
/// issued sessions do: clients and profiles hold their keys.
/// </summary>
internal sealed partial class AccountRegistry
{
    /// <summary>Most accounts one request may add: a guard against a typo, not an AWS limit.</summary>
    public const int MaxAddedPerRequest = 10_000;

    private readonly ConcurrentDictionary<string, Principal> _byAccount = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Principal> _byAccessKey = new(StringComparer.Ordinal);
    private readonly List<Principal> _inOrder = new();
    private readonly object _addLock = new();
    private int _nextGenerated = 1;

    public AccountRegistry()
    {
        Register(LocalAwsAccounts.DefaultAccount, "AIDALOCALAWSDEFAULT01");
        Register(LocalAwsAccounts.AccountB, "AIDALOCALAWSACCOUNTB1");
        Register(LocalAwsAccounts.AccountC, "AIDALOCALAWSACCOUNTC1");
    }

    public bool Contains(string account) => _byAccount.ContainsKey(account);

    public Principal? FindByAccessKey(string accessKey) => _byAccessKey.GetValueOrDefault(accessKey);

    /// <summary>The long-term identity of every account, fixed ones first, then in the order they were added.</summary>
    public IReadOnlyList<Principal> All()
    {
        lock (_addLock) return _inOrder.ToArray();
    }

    /// <summary>Adds the account (or finds it: adding is idempotent) and returns its long-term identity.</summary>
    public Principal Add(string account)
    {
        Validate(account);
        lock (_addLock) return _byAccount.TryGetValue(account, out var known) ? known : Register(account, "AIDALAWS" + account + "1");
    }

    /// <summary>Adds the next <paramref name="count"/> generated accounts not known yet (100000000001, 100000000002, ...).</summary>
    public IReadOnlyList<Principal> AddGenerated(int count)
    {
        if (count is < 0 or > MaxAddedPerRequest) throw new ArgumentException($"count must be 0..{MaxAddedPerRequest}, got {count}");
        var added = new List<Principal>(count);
        lock (_addLock)
        {
            while (added.Count < count)
            {
                var id = LocalAwsAccounts.GeneratedAccountId(_nextGenerated++);
                if (!_byAccount.ContainsKey(id)) added.Add(Register(id, "AIDALAWS" + id + "1"));
            }
        }
        return added;
    }

    public static void Validate(string account)
    {
        if (!AccountPattern().IsMatch(account)) throw new ArgumentException($"an account id is 12 digits, got '{account}'");
        if (account == LocalAwsAccounts.AmazonOwnerId)
            throw new ArgumentException($"{account} is the owner of the Amazon base images (alias amazon); it cannot be added as an account");
    }

    private Principal Register(string account, string userId)
    {
        var principal = new Principal(
            LocalAwsAccounts.AccessKeyFor(account), LocalAwsAccounts.SecretKeyFor(account), account,
            $"arn:aws:iam::{account}:user/localaws", userId, SessionToken: null, Expiration: null);
        _byAccessKey[principal.AccessKey] = principal;
        _byAccount[account] = principal;
        _inOrder.Add(principal);
        return principal;
    }

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();
}
