using System;

namespace AmiCmdlets.Engine.Sharing;

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
