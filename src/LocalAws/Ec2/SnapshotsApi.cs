using System.Globalization;
using LocalAws.Control;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>DescribeSnapshots, DeleteSnapshot and the createVolumePermission attribute (Modify/Describe/ResetSnapshotAttribute).</summary>
internal static class SnapshotsApi
{
    private static readonly Dictionary<string, Func<Snapshot, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["snapshot-id"] = s => [s.SnapshotId],
        ["description"] = s => [s.Description],
        ["owner-id"] = s => [s.OwnerId],
        ["owner-alias"] = s => [s.OwnerAlias],
        ["status"] = s => [s.State],
        ["volume-id"] = s => [VolumeIdOf(s)],
        ["volume-size"] = s => [s.VolumeSize.ToString(CultureInfo.InvariantCulture)],
        ["encrypted"] = s => [s.Encrypted ? "true" : "false"],
        ["kms-key-id"] = s => [s.KmsKeyId],
        ["progress"] = s => [Progress(s)],
        ["start-time"] = s => [XmlOut.FormatTime(s.StartTime)],
        ["storage-tier"] = s => [s.Tier.Tier],
        ["tag-key"] = s => s.Tags.Keys,
        ["tag-value"] = s => s.Tags.Values,
    };

    public static AwsResponse DescribeSnapshots(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("SnapshotId");
        foreach (var id in ids) Ec2Common.CheckSnapshotId(id);
        var owners = p.List("Owner");
        foreach (var o in owners)
        {
            if (o is not ("self" or "amazon" or "aws-marketplace") && !Ec2Common.IsAccountId(o))
                throw new AwsException("InvalidUserID.Malformed", $"Invalid user id: \"{o}\"");
        }
        var restorableBy = p.List("RestorableBy");
        var maxResults = Ec2Common.MaxResults(p, ids.Count, "snapshotSet", clampAboveMax: true);
        var filters = Compile(Ec2Api.Filters(p));
        var account = call.Account;
        var now = call.State.Now;

        IEnumerable<Snapshot> candidates;
        if (ids.Count > 0)
        {
            var found = new List<Snapshot>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                var s = call.State.FindSnapshot(call.Region, id);
                if (s is null || !IsVisible(s, account)) throw Ec2Common.SnapshotNotFound(id);
                found.Add(s);
            }
            candidates = found;
        }
        else
        {
            candidates = call.State.ScopesIn(call.Region).SelectMany(scope => scope.Snapshots.Values).Where(s => IsVisible(s, account));
        }

        bool Selected(Snapshot s)
        {
            if (owners.Count > 0 && !owners.Any(o => o switch
                {
                    "self" => s.OwnerId == account,
                    "amazon" or "aws-marketplace" => s.OwnerAlias == o,
                    _ => s.OwnerId == o,
                })) return false;
            if (restorableBy.Count > 0 && !restorableBy.Any(r => r switch
                {
                    "all" => s.Public,
                    "self" => s.OwnerId == account || s.CreateVolumePermissionUserIds.Contains(account),
                    _ => s.OwnerId == r || s.CreateVolumePermissionUserIds.Contains(r),
                })) return false;
            return filters.All(f => f(s));
        }

        var matching = candidates.Where(s => { s.Settle(now); return Selected(s); });
        var (page, next) = Ec2Common.Page(matching, s => s.SnapshotId, "snapshots", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("snapshotSet");
        foreach (var s in page) Write(xml, s);
        xml.Close().Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    private static bool IsVisible(Snapshot s, string account) =>
        s.OwnerId == account || s.Public || s.CreateVolumePermissionUserIds.Contains(account);

    private static void Write(XmlOut xml, Snapshot s)
    {
        xml.Open("item")
            .Elem("snapshotId", s.SnapshotId)
            .Elem("volumeId", VolumeIdOf(s))
            .Elem("status", s.State)
            .Elem("startTime", s.StartTime)
            .Elem("progress", Progress(s))
            .Elem("ownerId", s.OwnerId)
            .Elem("ownerAlias", s.OwnerAlias)
            .Elem("volumeSize", s.VolumeSize)
            .Elem("description", s.Description ?? "")
            .Elem("encrypted", s.Encrypted)
            .Elem("kmsKeyId", s.KmsKeyId)
            .Elem("transferType", s.CompletionDurationMinutes is null ? null : "time-based")
            .Elem("completionDurationMinutes", s.CompletionDurationMinutes);
        Ec2Api.WriteTagSet(xml, s.Tags);
        xml.Elem("storageTier", s.Tier.Tier).Elem("restoreExpiryTime", s.Tier.RestoreExpiryTime)
            .Elem("fullSnapshotSizeInBytes", SnapshotTierApi.Bytes(s.FullSnapshotSizeInBytes)).Close();
    }

    // Snapshots not taken from a local volume report AWS's placeholder volume id.
    private static string VolumeIdOf(Snapshot s) => s.VolumeId ?? "vol-ffffffff";

    private static string Progress(Snapshot s) => s.State == "completed" ? "100%" : "0%";

    public static AwsResponse DeleteSnapshot(AwsCall call)
    {
        var snapshot = OwnSnapshot(call, call.Params.Required("SnapshotId"));
        // Any image of the region, whatever its owner or state (deprecated, disabled, pending), pins the snapshot.
        if (call.State.Images(call.Region).FirstUsing(snapshot.SnapshotId) is { } image)
            throw new AwsException("InvalidSnapshot.InUse", $"The snapshot {snapshot.SnapshotId} is currently in use by {image.ImageId}");
        RecycleBin.DeleteSnapshot(call.State, snapshot);
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static AwsResponse ModifySnapshotAttribute(AwsCall call)
    {
        var p = call.Params;
        var snapshot = OwnSnapshot(call, p.Required("SnapshotId"));
        var attribute = p.Get("Attribute") ?? "createVolumePermission";
        if (attribute != "createVolumePermission")
            throw new AwsException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Only createVolumePermission can be modified.");

        var add = new List<(string? User, string? Group)>();
        var remove = new List<(string? User, string? Group)>();
        foreach (var (list, prefix) in new[] { (add, "CreateVolumePermission.Add"), (remove, "CreateVolumePermission.Remove") })
        {
            foreach (var i in p.StructIndexes(prefix)) list.Add((p.Get($"{prefix}.{i}.UserId"), p.Get($"{prefix}.{i}.Group")));
        }
        var operation = p.Get("OperationType");
        var legacy = p.List("UserId").Select(u => ((string?)u, (string?)null)).Concat(p.List("UserGroup").Select(g => ((string?)null, (string?)g))).ToList();
        if (legacy.Count > 0)
        {
            if (operation == "add") add.AddRange(legacy);
            else if (operation == "remove") remove.AddRange(legacy);
            else throw new AwsException("MissingParameter", "The request must contain the parameter operationType (add or remove)");
        }
        if (add.Count == 0 && remove.Count == 0)
            throw new AwsException("MissingParameter", "The request must contain the parameter createVolumePermission");
        foreach (var (user, group) in add.Concat(remove))
        {
            if (group is not null && group != "all") throw new AwsException("InvalidParameterValue", $"Value ({group}) for parameter group is invalid. Expected: 'all'.");
            if (user is not null && !Ec2Common.IsAccountId(user)) throw new AwsException("InvalidUserID.Malformed", $"Invalid user id: \"{user}\"");
        }
        if (snapshot.Encrypted && add.Count > 0)
        {
            if (add.Any(a => a.Group == "all"))
                throw new AwsException("OperationNotPermitted", "Encrypted snapshots can't be shared publicly.");
            if (snapshot.KmsKeyId is null || snapshot.KmsKeyId == Seeder.AwsManagedEbsKeyArn(snapshot.OwnerId, snapshot.Region))
                throw new AwsException("OperationNotPermitted", "Encrypted snapshots with EBS default key cannot be shared");
        }
        foreach (var (user, group) in add)
        {
            if (group == "all") snapshot.Public = true;
            if (user is not null) snapshot.CreateVolumePermissionUserIds.Add(user);
        }
        foreach (var (user, group) in remove)
        {
            if (group == "all") snapshot.Public = false;
            if (user is not null) snapshot.CreateVolumePermissionUserIds.Remove(user);
        }
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static AwsResponse DescribeSnapshotAttribute(AwsCall call)
    {
        var p = call.Params;
        var snapshot = OwnSnapshot(call, p.Required("SnapshotId"));
        var attribute = p.Required("Attribute");
        var xml = Ec2Api.Begin(call).Elem("snapshotId", snapshot.SnapshotId);
        switch (attribute)
        {
            case "createVolumePermission":
                // Sent empty too (<createVolumePermission/>), as AWS does.
                xml.Open("createVolumePermission");
                if (snapshot.Public) xml.Open("item").Elem("group", "all").Close();
                foreach (var user in snapshot.CreateVolumePermissionUserIds.Order(StringComparer.Ordinal)) xml.Open("item").Elem("userId", user).Close();
                xml.Close();
                break;
            case "productCodes":
                xml.Open("productCodes").Close();
                break;
            default:
                throw new AwsException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Expected: 'createVolumePermission' or 'productCodes'.");
        }
        return Ec2Api.End(xml);
    }

    public static AwsResponse ResetSnapshotAttribute(AwsCall call)
    {
        var p = call.Params;
        var snapshot = OwnSnapshot(call, p.Required("SnapshotId"));
        if (p.Required("Attribute") != "createVolumePermission")
            throw new AwsException("InvalidParameterValue", "Only the createVolumePermission attribute can be reset.");
        snapshot.Public = false;
        snapshot.CreateVolumePermissionUserIds.Clear();
        return Ec2Api.End(Ec2Common.Return(call));
    }

    /// <summary>Owner-only: unknown or invisible -> InvalidSnapshot.NotFound; visible (shared) but not owned -> UnauthorizedOperation.</summary>
    internal static Snapshot OwnSnapshot(AwsCall call, string snapshotId)
    {
        Ec2Common.CheckSnapshotId(snapshotId);
        var snapshot = call.State.FindSnapshot(call.Region, snapshotId);
        if (snapshot is null || !IsVisible(snapshot, call.Account)) throw Ec2Common.SnapshotNotFound(snapshotId);
        if (snapshot.OwnerId != call.Account)
            throw new AwsException("UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
        snapshot.Settle(call.State.Now);
        return snapshot;
    }

    private static List<Func<Snapshot, bool>> Compile(List<(string Name, List<string> Values)> filters) =>
        ResourceFilters.Compile(filters, Fields, s => s.Tags);
}
