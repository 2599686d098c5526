namespace LocalAws;

/// <summary>
/// The fixed accounts and long-term keys LocalAws accepts, and the rule that gives every added account its keys.
/// Other code and docs rely on these exact values.
/// </summary>
public static class LocalAwsAccounts
{
    public const string DefaultAccount = "123456789012";
    public const string DefaultAccessKey = "AKIALOCALAWSDEFAULT0";
    public const string DefaultSecretKey = "localaws-secret-default";

    public const string AccountB = "111122223333";
    public const string AccountBAccessKey = "AKIALOCALAWSACCOUNTB";
    public const string AccountBSecretKey = "localaws-secret-b";

    public const string AccountC = "444455556666";
    public const string AccountCAccessKey = "AKIALOCALAWSACCOUNTC";
    public const string AccountCSecretKey = "localaws-secret-c";

    /// <summary>Owner of the base public AMIs, as on AWS (owner alias "amazon").</summary>
    public const string AmazonOwnerId = "137112412989";

    /// <summary>The three fixed accounts (always present). Accounts added at start or run time are listed by GET /_localaws/accounts.</summary>
    public static IReadOnlyList<string> All { get; } = new[] { DefaultAccount, AccountB, AccountC };

    /// <summary>First id of the generated accounts (<c>--accounts n</c>, control plane <c>{"count": n}</c>): index 1 is 100000000001.</summary>
    public const long GeneratedAccountBase = 100_000_000_000;

    /// <summary>The id of the <paramref name="index"/>-th generated account (1-based): 100000000001, 100000000002, ...</summary>
    public static string GeneratedAccountId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        return (GeneratedAccountBase + index).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The long-term access key of an account: the fixed three keep theirs, every other account gets
    /// "AKIALAWS" + its id (20 characters, like a real key id), so scripts can compute it.
    /// </summary>
    public static string AccessKeyFor(string accountId) => accountId switch
    {
        DefaultAccount => DefaultAccessKey,
        AccountB => AccountBAccessKey,
        AccountC => AccountCAccessKey,
        _ => "AKIALAWS" + accountId,
    };

    /// <summary>The secret key of an account: the fixed three keep theirs, every other account gets "localaws-secret-" + its id.</summary>
    public static string SecretKeyFor(string accountId) => accountId switch
    {
        DefaultAccount => DefaultSecretKey,
        AccountB => AccountBSecretKey,
        AccountC => AccountCSecretKey,
        _ => "localaws-secret-" + accountId,
    };
}
