namespace LocalAws.Model;

/// <summary>
/// The one AWS Organization LocalAws simulates, so launch permissions for an organization or OU resolve
/// to accounts: all three LocalAws accounts are members of <see cref="OrgId"/> (management account: the
/// default account); OU <see cref="GoldenOuId"/> under root <see cref="RootId"/> holds accounts B and C.
/// Any other organization or OU ARN is accepted by ModifyImageAttribute but matches no account.
/// </summary>
internal static class Organization
{
    public const string OrgId = "o-localaws01";
    public const string RootId = "r-lcl1";
    public const string GoldenOuId = "ou-lcl1-golden01";

    public static readonly string OrgArn = $"arn:aws:organizations::{LocalAwsAccounts.DefaultAccount}:organization/{OrgId}";
    public static readonly string GoldenOuArn = $"arn:aws:organizations::{LocalAwsAccounts.DefaultAccount}:ou/{OrgId}/{GoldenOuId}";

    public static bool OrgContains(string orgArn, string account) =>
        string.Equals(orgArn, OrgArn, StringComparison.Ordinal) && LocalAwsAccounts.All.Contains(account);

    public static bool OuContains(string ouArn, string account) =>
        string.Equals(ouArn, GoldenOuArn, StringComparison.Ordinal)
        && (account == LocalAwsAccounts.AccountB || account == LocalAwsAccounts.AccountC);
}
