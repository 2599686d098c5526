using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// What Grant or Revoke will change on one image, worked out from describe calls only: the launch
/// permission principals to add or remove, the snapshot accounts, the KMS grants. Principals that already
/// have (or no longer have) access are not in it, so an image already as asked has no changes and costs
/// no mutating call.
/// </summary>
public sealed class LaunchPermissionPlan : IPlannedChange
{
    internal LaunchPermissionPlan(ResolvedConnection connection, Ami image, bool revoking)
    {
        Connection = connection;
        Image = image;
        Revoking = revoking;
    }

    public ResolvedConnection Connection { get; }
    public Ami Image { get; }
    public bool Revoking { get; }

    public List<SharingPrincipal> LaunchPermissions { get; } = new List<SharingPrincipal>();

    /// <summary>Snapshot id -> accounts whose createVolumePermission is added (or removed).</summary>
    public Dictionary<string, List<string>> SnapshotAccounts { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

    public List<PlannedGrant> Grants { get; } = new List<PlannedGrant>();

    public bool HasChanges => LaunchPermissions.Count > 0 || SnapshotAccounts.Count > 0 || Grants.Count > 0;

    public bool AlreadyDone => !HasChanges;

    public string Target => ConfirmationTarget.For(Image.ImageId, Image.Name, Connection);

    /// <summary>What ShouldProcess shows: "Grant launch permission to account 111122223333; ..."</summary>
    public string Action
    {
        get
        {
            var parts = new List<string>();
            if (LaunchPermissions.Count > 0)
                parts.Add((Revoking ? "Revoke launch permission from " : "Grant launch permission to ") + string.Join(", ", LaunchPermissions));
            if (SnapshotAccounts.Count > 0)
            {
                var accounts = SnapshotAccounts.Values.SelectMany(a => a).Distinct(StringComparer.Ordinal).ToList();
                parts.Add((Revoking ? "stop sharing " : "share ") + Count(SnapshotAccounts.Count, "snapshot") + " with " +
                    (accounts.Count == 1 ? "account " + accounts[0] : Count(accounts.Count, "account")) + " (createVolumePermission)");
            }
            if (Grants.Count > 0)
                parts.Add((Revoking ? "revoke " : "create ") + Count(Grants.Count, "KMS grant") + " (" +
                    string.Join(", ", Grants.Select(g => g.Name).Distinct(StringComparer.Ordinal)) + ")");
            var text = string.Join("; ", parts);
            return text.Length == 0 ? "No change" : char.ToUpperInvariant(text[0]) + text.Substring(1);
        }
    }

    private static string Count(int n, string noun) => n + " " + noun + (n == 1 ? "" : "s");
}
