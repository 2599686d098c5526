namespace LocalAws.Model;

/// <summary>
/// The one AWS Organization LocalAws simulates, so launch permissions for an organization or OU resolve
/// to accounts: every LocalAws account (the fixed three and every added one) is a member of <see cref="OrgId"/>
/// (management account: the default account); OU <see cref="GoldenOuId"/> under root <see cref="RootId"/> holds
/// accounts B and C. Membership needs no lookup in <see cref="AccountRegistry"/>: only known accounts can sign a
/// request, so every caller asked about is one; only Amazon's base-image owner is outside.
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
        string.Equals(orgArn, OrgArn, StringComparison.Ordinal) && account != LocalAwsAccounts.AmazonOwnerId;

    /// <summary>aws:PrincipalOrgID of an authenticated caller: every LocalAws account is in the organization.</summary>
    public static string? OrgIdOf(string account) => account == LocalAwsAccounts.AmazonOwnerId ? null : OrgId;

    public static bool OuContains(string ouArn, string account) =>
        string.Equals(ouArn, GoldenOuArn, StringComparison.Ordinal)
        && (account == LocalAwsAccounts.AccountB || account == LocalAwsAccounts.AccountC);
}
