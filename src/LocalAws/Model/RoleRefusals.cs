namespace LocalAws.Model;

/// <summary>
/// Roles (by account and name) and whole accounts whose roles refuse sts:AssumeRole, as a role that does not
/// exist or does not trust the caller refuses it on AWS. Read and replaced under the state lock.
/// </summary>
internal sealed class RoleRefusals
{
    // IAM role names are unique per account case-insensitively, and the path is not part of the identity.
    private readonly HashSet<(string Account, string RoleName)> _roles = new(new RoleKeyComparer());
    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    // Roles whose trust policy requires sts:ExternalId: refused without exactly this value.
    private readonly Dictionary<(string Account, string RoleName), string> _externalIds = new(new RoleKeyComparer());

    public void Clear()
    {
        _roles.Clear();
        _accounts.Clear();
        _externalIds.Clear();
    }

    public void Replace(
        IEnumerable<(string Account, string RoleName)> roles, IEnumerable<string> accounts,
        IEnumerable<((string Account, string RoleName) Role, string ExternalId)> externalIds)
    {
        Clear();
        _roles.UnionWith(roles);
        _accounts.UnionWith(accounts);
        foreach (var (role, externalId) in externalIds) _externalIds[role] = externalId;
    }

    public bool Refuses(string account, string roleName, string? externalId) =>
        _accounts.Contains(account) || _roles.Contains((account, roleName))
        || (_externalIds.TryGetValue((account, roleName), out var required) && !string.Equals(required, externalId, StringComparison.Ordinal));

    private sealed class RoleKeyComparer : IEqualityComparer<(string Account, string RoleName)>
    {
        public bool Equals((string Account, string RoleName) x, (string Account, string RoleName) y) =>
            x.Account == y.Account && string.Equals(x.RoleName, y.RoleName, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Account, string RoleName) key) =>
            HashCode.Combine(key.Account, StringComparer.OrdinalIgnoreCase.GetHashCode(key.RoleName));
    }
}
