using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AmiCmdlets.Engine.Sharing
{
    /// <summary>One principal of a launch permission: its kind and the value EC2 takes for it.</summary>
    public sealed class SharingPrincipal : IEquatable<SharingPrincipal>
    {
        public static readonly SharingPrincipal Public = new SharingPrincipal(LaunchPermissionKind.Public, "all");

        internal SharingPrincipal(LaunchPermissionKind kind, string value)
        {
            Kind = kind;
            Value = value;
        }

        public LaunchPermissionKind Kind { get; }
        public string Value { get; }

        public bool IsAccount => Kind == LaunchPermissionKind.Account;

        /// <summary>Organizations and OUs: no snapshot permission or KMS grant can name them.</summary>
        public bool IsOrganizational => Kind == LaunchPermissionKind.Organization || Kind == LaunchPermissionKind.OrganizationalUnit;

        public bool Equals(SharingPrincipal? other) => other != null && other.Kind == Kind && string.Equals(other.Value, Value, StringComparison.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as SharingPrincipal);
        public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Kind switch
        {
            LaunchPermissionKind.Public => "everyone (public)",
            LaunchPermissionKind.Account => "account " + Value,
            LaunchPermissionKind.Organization => "organization " + Value,
            _ => "OU " + Value,
        };
    }

    /// <summary>
    /// The shapes EC2 accepts for launch permission principals, checked before any call so a typo fails at
    /// once with a message that shows a valid value, instead of after the describe calls.
    /// </summary>
    public static class SharingPrincipals
    {
        public const string AccountIdPattern = @"^[0-9]{12}$";
        public const string OrganizationArnPattern = @"^arn:aws[a-z-]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}$";
        public const string OrganizationalUnitArnPattern = @"^arn:aws[a-z-]*:organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$";

        /// <summary>Any principal shape, or "all" (public), for a -Principal bound from Get-AmiLaunchPermission output.</summary>
        public const string AnyPrincipalPattern = @"^([0-9]{12}|all|arn:aws[a-z-]*:organizations::[0-9]{12}:(organization/o-[a-z0-9]{10,32}|ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}))$";

        private static readonly Regex Account = new Regex(AccountIdPattern, RegexOptions.CultureInvariant);
        private static readonly Regex Organization = new Regex(OrganizationArnPattern, RegexOptions.CultureInvariant);
        private static readonly Regex OrganizationalUnit = new Regex(OrganizationalUnitArnPattern, RegexOptions.CultureInvariant);
        private static readonly Regex OrganizationIdInArn = new Regex(@"/(o-[a-z0-9]{10,32})(/|$)", RegexOptions.CultureInvariant);
        private static readonly Regex OuIdInArn = new Regex(@"/(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$", RegexOptions.CultureInvariant);

        public static SharingPrincipal AccountId(string value) =>
            Account.IsMatch(value ?? "") ? new SharingPrincipal(LaunchPermissionKind.Account, value!)
                : throw Invalid("InvalidAccountId", value, "is not an AWS account id: an account id is exactly 12 digits, such as 111122223333");

        public static SharingPrincipal OrganizationArn(string value) =>
            Organization.IsMatch(value ?? "") ? new SharingPrincipal(LaunchPermissionKind.Organization, value!)
                : throw Invalid("InvalidOrganizationArn", value, "is not an organization ARN: it looks like arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5");

        public static SharingPrincipal OrganizationalUnitArn(string value) =>
            OrganizationalUnit.IsMatch(value ?? "") ? new SharingPrincipal(LaunchPermissionKind.OrganizationalUnit, value!)
                : throw Invalid("InvalidOrganizationalUnitArn", value,
                    "is not an organizational unit ARN: it looks like arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6");

        /// <summary>A principal of any kind, recognized by its shape ("all" = public), as Get-AmiLaunchPermission writes it.</summary>
        public static SharingPrincipal Parse(string value)
        {
            if (value == "all") return SharingPrincipal.Public;
            if (Account.IsMatch(value ?? "")) return AccountId(value!);
            if (Organization.IsMatch(value ?? "")) return OrganizationArn(value!);
            if (OrganizationalUnit.IsMatch(value ?? "")) return OrganizationalUnitArn(value!);
            throw Invalid("InvalidPrincipal", value, "is not a launch permission principal: give a 12-digit account id, an organization or OU ARN, or 'all' for public");
        }

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

        private static AmiOperationException Invalid(string errorId, string? value, string problem) =>
            new AmiOperationException(errorId, AmiErrorCategory.InvalidArgument, value, "'" + value + "' " + problem + ".");
    }
}
