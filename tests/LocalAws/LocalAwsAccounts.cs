namespace LocalAws;

/// <summary>The fixed accounts and long-term keys LocalAws accepts. Other code and docs rely on these exact values.</summary>
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

    public static IReadOnlyList<string> All { get; } = new[] { DefaultAccount, AccountB, AccountC };
}
