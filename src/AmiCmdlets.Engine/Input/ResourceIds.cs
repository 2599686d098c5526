using System;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Input;

/// <summary>
/// The one definition of every id, account, ARN and URL shape the module takes. The cmdlets check
/// parameters with these at binding; the engine checks again where values arrive by other ways.
/// Patterns are anchored with \A and \z (a $ would let a trailing line break through) and use [0-9],
/// since \d also matches other scripts' digits.
/// </summary>
public static class ResourceIds
{
    private const string Hex = "([0-9a-f]{8}|[0-9a-f]{17})";
    private const string Partition = "arn:aws(-[a-z]+)*";
    private const string Account12 = "[0-9]{12}";
    /// <summary>The AWS console writes account ids as 1111-2222-3333.</summary>
    private const string ConsoleAccount = "[0-9]{4}-[0-9]{4}-[0-9]{4}";
    private const string OrgPath = "organization/o-[a-z0-9]{10,32}";
    private const string OuPath = "ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}";
    private const string OrgArn = Partition + ":organizations::" + Account12 + ":" + OrgPath;
    private const string OuArn = Partition + ":organizations::" + Account12 + ":" + OuPath;
    private const string OwnerBody = "(" + Account12 + "|self|amazon|aws-marketplace|aws-backup-vault)";
    private const string ExecutableByBody = "(" + Account12 + "|self|all)";
    private const string PrincipalBody = "(" + Account12 + "|all|" + OrgArn + "|" + OuArn + ")";
    private const string Start = @"\A";
    private const string End = @"\z";
    /// <summary>
    /// Anchors a kind whose parameters carry [AccountIdTransformation]: a mock does not transform, so its
    /// pattern takes the console's format as typed; the real cmdlet checks after the transformation.
    /// </summary>
    private const string StartOrConsoleAccount = @"\A(" + ConsoleAccount + "|";
    private const string EndOrConsoleAccount = @")\z";

    // Each kind's pattern: what its parameters take as typed. The rules below are built from them, and
    // every parameter repeats its kind's pattern in a [ValidatePattern] after [ValidateResourceId], for
    // Pester's Mock, which copies only built-in validation attributes into its proxy (and matches ignoring
    // case). On the real cmdlet the friendly check runs first and is at least as strict.
    public const string ImageIdPattern = Start + "ami-" + Hex + End;
    public const string ImageIdOrWildcardPattern = Start + "ami-(" + Hex + "|[0-9a-f]{0,17}[*?][0-9a-f*?]{0,20})" + End;
    public const string InstanceIdPattern = Start + "i-" + Hex + End;
    public const string SnapshotIdPattern = Start + "snap-" + Hex + End;
    public const string AccountIdPattern = StartOrConsoleAccount + Account12 + EndOrConsoleAccount;
    public const string OwnerPattern = StartOrConsoleAccount + OwnerBody + EndOrConsoleAccount;
    public const string ExecutableByPattern = StartOrConsoleAccount + ExecutableByBody + EndOrConsoleAccount;
    public const string OrganizationArnPattern = Start + OrgArn + End;
    public const string OrganizationalUnitArnPattern = Start + OuArn + End;
    public const string LaunchPermissionPrincipalPattern = StartOrConsoleAccount + PrincipalBody + EndOrConsoleAccount;
    // IAM: role names of 1-64 characters from [\w+=,.@-], under an optional path.
    public const string RoleArnPattern = Start + Partition + ":iam::" + Account12 + ":role/([A-Za-z0-9_+=,.@-]{1,64}/){0,16}[A-Za-z0-9_+=,.@-]{1,64}" + End;
    /// <summary>Looser than the rule, which parses the URL: http(s), then no space or control character, 2,048 at most.</summary>
    public const string EndpointUrlPattern = Start + @"(?=[^\s\p{Cc}]{1,2048}\z)https?:[^\s\p{Cc}]+" + End;
    public const string RoleNamePattern = Start + "([A-Za-z0-9_+=,.@-]{1,64}/){0,16}[A-Za-z0-9_+=,.@-]{1,64}" + End;
    /// <summary>A profile name as the config file can hold it: no spaces at either end, no brackets or control characters.</summary>
    public const string ProfileNamePattern = Start + @"(?=.{1,256}\z)[^\s\p{Cc}\[\]]([^\p{Cc}\[\]]*[^\s\p{Cc}\[\]])?" + End;
    // STS: 2-1224 characters of [\w+=,.@:/-].
    public const string ExternalIdPattern = Start + "[A-Za-z0-9_+=,.@:/-]{2,1224}" + End;

    private static readonly Regex ConsoleAccountId = Exact(ConsoleAccount);
    private static readonly Regex Account = Exact(Account12);
    private static readonly Regex Organization = new Regex(OrganizationArnPattern, RegexOptions.CultureInvariant);
    private static readonly Regex OrganizationalUnit = new Regex(OrganizationalUnitArnPattern, RegexOptions.CultureInvariant);

    private static readonly ResourceIdRule[] Rules =
    {
        Id(ResourceIdKind.ImageId, ErrorIds.InvalidImageId, "an AMI id", "ami- followed by 8 or 17 lower-case hex digits, e.g. ami-0123456789abcdef0",
            ImageIdPattern),
        Id(ResourceIdKind.ImageIdOrWildcard, ErrorIds.InvalidImageId, "an AMI id or id pattern",
            "ami- followed by 8 or 17 lower-case hex digits (e.g. ami-0123456789abcdef0), or a pattern with * or ? (e.g. ami-0123*)",
            ImageIdOrWildcardPattern),
        Id(ResourceIdKind.InstanceId, ErrorIds.InvalidInstanceId, "an instance id", "i- followed by 8 or 17 lower-case hex digits, e.g. i-0123456789abcdef0",
            InstanceIdPattern),
        Id(ResourceIdKind.SnapshotId, ErrorIds.InvalidSnapshotId, "a snapshot id", "snap- followed by 8 or 17 lower-case hex digits, e.g. snap-0123456789abcdef0",
            SnapshotIdPattern),
        new ResourceIdRule(ResourceIdKind.AccountId, ErrorIds.InvalidAccountId, "an AWS account id",
            "exactly 12 digits, e.g. 111122223333 (the console's 1111-2222-3333 is taken too)", AccountIdPattern, Account.IsMatch, NotAnAccount),
        new ResourceIdRule(ResourceIdKind.Owner, ErrorIds.InvalidOwner, "an image owner",
            "a 12-digit account id (e.g. 111122223333), self, amazon, aws-marketplace or aws-backup-vault",
            OwnerPattern, Exact(OwnerBody).IsMatch),
        new ResourceIdRule(ResourceIdKind.ExecutableBy, ErrorIds.InvalidExecutableBy, "an ExecutableBy value", "a 12-digit account id (e.g. 111122223333), self or all",
            ExecutableByPattern, Exact(ExecutableByBody).IsMatch),
        new ResourceIdRule(ResourceIdKind.OrganizationArn, ErrorIds.InvalidOrganizationArn, "an organization ARN",
            "arn:aws:organizations::<management account>:organization/o-<10-32 letters or digits>, e.g. arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
            OrganizationArnPattern, Organization.IsMatch, value => OrganizationalUnit.IsMatch(value) ? "It is an organizational unit ARN: pass it to -OrganizationalUnitArn."
                : Account.IsMatch(value) ? "It is an account id: pass it to -AccountId." : null),
        new ResourceIdRule(ResourceIdKind.OrganizationalUnitArn, ErrorIds.InvalidOrganizationalUnitArn, "an organizational unit ARN",
            "arn:aws:organizations::<management account>:ou/o-<org>/ou-<root>-<ou>, e.g. arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6",
            OrganizationalUnitArnPattern, OrganizationalUnit.IsMatch, value => Organization.IsMatch(value) ? "It is an organization ARN: pass it to -OrganizationArn."
                : Account.IsMatch(value) ? "It is an account id: pass it to -AccountId." : null),
        new ResourceIdRule(ResourceIdKind.LaunchPermissionPrincipal, ErrorIds.InvalidPrincipal, "a launch permission principal",
            "a 12-digit account id (e.g. 111122223333), an organization or OU ARN (arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5), or all for public",
            LaunchPermissionPrincipalPattern, Exact(PrincipalBody).IsMatch),
        Id(ResourceIdKind.RoleArn, ErrorIds.InvalidRoleArn, "an IAM role ARN",
            "arn:aws:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::111122223333:role/ami-admin",
            RoleArnPattern),
        new ResourceIdRule(ResourceIdKind.EndpointUrl, ErrorIds.InvalidEndpointUrl, "an endpoint URL",
            "an absolute http:// or https:// URL of at most 2,048 characters without spaces, e.g. http://127.0.0.1:4566/",
            EndpointUrlPattern, IsEndpointUrl),
        Id(ResourceIdKind.ExternalId, ErrorIds.InvalidExternalId, "an external id",
            "2 to 1224 letters, digits and + = , . @ : / _ - as the role's owner gave it, e.g. 7f3c9a2e-team-web",
            ExternalIdPattern),
        Id(ResourceIdKind.RoleName, ErrorIds.InvalidRoleName, "an IAM role name",
            "1 to 64 letters, digits and + = , . @ _ -, after an optional path, e.g. AmiAdmin or platform/AmiAdmin (not an ARN: pass an ARN to -RoleArn)",
            RoleNamePattern),
        Id(ResourceIdKind.ProfileName, ErrorIds.InvalidProfileName, "an AWS profile name",
            "the name of a profile in ~/.aws/config or ~/.aws/credentials, e.g. prod (no spaces at either end, no brackets)",
            ProfileNamePattern),
    };

    public static ResourceIdRule For(ResourceIdKind kind) => Rules[(int)kind];

    /// <summary>111122223333 for 1111-2222-3333 (the console's format); any other value unchanged.</summary>
    public static string NormalizeAccountId(string value) =>
        ConsoleAccountId.IsMatch(value) ? value.Replace("-", "") : value;

    public static bool IsOrganizationArn(string value) => Organization.IsMatch(value);

    public static bool IsOrganizationalUnitArn(string value) => OrganizationalUnit.IsMatch(value);

    public static bool IsAccountId(string value) => Account.IsMatch(value);

    private static string? NotAnAccount(string value) =>
        Organization.IsMatch(value) ? "It is an organization ARN: pass it to -OrganizationArn."
        : OrganizationalUnit.IsMatch(value) ? "It is an organizational unit ARN: pass it to -OrganizationalUnitArn."
        : null;

    private static bool IsEndpointUrl(string value)
    {
        if (value.Length > 2048) return false;
        foreach (var c in value) if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0;
    }

    /// <summary>A kind whose rule is its pattern, matched case-sensitively.</summary>
    private static ResourceIdRule Id(ResourceIdKind kind, string errorId, string noun, string expected, string pattern) =>
        new ResourceIdRule(kind, errorId, noun, expected, pattern, new Regex(pattern, RegexOptions.CultureInvariant).IsMatch);

    private static Regex Exact(string pattern) => new Regex(@"\A" + pattern + @"\z", RegexOptions.CultureInvariant);
}
