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

    public void Clear()
    {
        _roles.Clear();
        _accounts.Clear();
    }

    public void Replace(IEnumerable<(string Account, string RoleName)> roles, IEnumerable<string> accounts)
    {
        Clear();
        _roles.UnionWith(roles);
        _accounts.UnionWith(accounts);
    }

    public bool Refuses(string account, string roleName) => _accounts.Contains(account) || _roles.Contains((account, roleName));

    private sealed class RoleKeyComparer : IEqualityComparer<(string Account, string RoleName)>
    {
        public bool Equals((string Account, string RoleName) x, (string Account, string RoleName) y) =>
            x.Account == y.Account && string.Equals(x.RoleName, y.RoleName, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Account, string RoleName) key) =>
            HashCode.Combine(key.Account, StringComparer.OrdinalIgnoreCase.GetHashCode(key.RoleName));
    }
}
