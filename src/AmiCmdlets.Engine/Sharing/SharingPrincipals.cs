using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// The shapes EC2 accepts for launch permission principals, checked before any call so a typo fails at
/// once with a message that shows a valid value, instead of after the describe calls.
/// </summary>
public static class SharingPrincipals
{
    private static readonly Regex OrganizationIdInArn = new Regex(@"/(o-[a-z0-9]{10,32})(/|\z)", RegexOptions.CultureInvariant);
    private static readonly Regex OuIdInArn = new Regex(@"/(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})\z", RegexOptions.CultureInvariant);

    /// <summary>An account id (1111-2222-3333, the console's format, is taken as 111122223333).</summary>
    public static SharingPrincipal AccountId(string value) =>
        new SharingPrincipal(LaunchPermissionKind.Account, ResourceIds.For(ResourceIdKind.AccountId).Require(Normalize(value)));

    public static SharingPrincipal OrganizationArn(string value) =>
        new SharingPrincipal(LaunchPermissionKind.Organization, ResourceIds.For(ResourceIdKind.OrganizationArn).Require(value));

    public static SharingPrincipal OrganizationalUnitArn(string value) =>
        new SharingPrincipal(LaunchPermissionKind.OrganizationalUnit, ResourceIds.For(ResourceIdKind.OrganizationalUnitArn).Require(value));

    /// <summary>A principal of any kind, recognized by its shape ("all" = public), as Get-AmiLaunchPermission writes it.</summary>
    public static SharingPrincipal Parse(string value)
    {
        var normalized = Normalize(value);
        if (normalized == "all") return SharingPrincipal.Public;
        if (ResourceIds.IsAccountId(normalized)) return AccountId(normalized);
        if (ResourceIds.IsOrganizationArn(normalized)) return OrganizationArn(normalized);
        if (ResourceIds.IsOrganizationalUnitArn(normalized)) return OrganizationalUnitArn(normalized);
        throw new AmiOperationException(ErrorIds.InvalidPrincipal, AmiErrorCategory.InvalidArgument, value,
            ResourceIds.For(ResourceIdKind.LaunchPermissionPrincipal).Problem(value)!);
    }

    private static string Normalize(string? value) => value == null ? "" : ResourceIds.NormalizeAccountId(value);

    /// <summary>Every principal named on the command line, once each, in the order given.</summary>
    public static IReadOnlyList<SharingPrincipal> From(IEnumerable<string>? accounts, IEnumerable<string>? organizations, IEnumerable<string>? units,
        IEnumerable<string>? principals, bool isPublic)
    {
        var all = new List<SharingPrincipal>();
        all.AddRange((accounts ?? Enumerable.Empty<string>()).Select(AccountId));
        all.AddRange((organizations ?? Enumerable.Empty<string>()).Select(OrganizationArn));
        all.AddRange((units ?? Enumerable.Empty<string>()).Select(OrganizationalUnitArn));
        all.AddRange((principals ?? Enumerable.Empty<string>()).Select(Parse));
        if (isPublic) all.Add(SharingPrincipal.Public);
        return all.Distinct().ToList();
    }

    /// <summary>o-xxxxxxxxxx of an organization or OU ARN (the value of aws:PrincipalOrgID).</summary>
    public static string OrganizationId(SharingPrincipal principal) => OrganizationIdInArn.Match(principal.Value).Groups[1].Value;

    /// <summary>ou-xxxx-xxxxxxxx of an OU ARN.</summary>
    public static string OrganizationalUnitId(SharingPrincipal principal) => OuIdInArn.Match(principal.Value).Groups[1].Value;
}
