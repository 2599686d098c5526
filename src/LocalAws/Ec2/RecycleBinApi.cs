using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// The Recycle Bin as EC2 shows it: List/Restore ImagesInRecycleBin and SnapshotsInRecycleBin. Retention rules are
/// seeded through the control plane (retentionRules; the rbin API is not emulated); DeregisterImage, DeleteSnapshot
/// and DeregisterImage's DeleteAssociatedSnapshots put what a rule catches in the bin (<see cref="RecycleBin"/>).
/// Images can also be seeded straight into the bin (recycleBinImages): those are listed but cannot be restored.
/// Past its retention period an entry is permanently deleted.
/// </summary>
internal static class RecycleBinApi
{
    public static AwsResponse ListImagesInRecycleBin(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("ImageId");
        foreach (var id in ids) Ec2Common.CheckImageId(id);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 1, 1000);
        if (maxResults is not null && ids.Count > 0)
            throw new AwsException("InvalidParameterCombination", "The parameter imageIdSet cannot be used with the parameter maxResults");

        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        RecycleBin.Expire(scope, now);
        var held = scope.RecycleBin.Values.Where(i => i.ExitTime > now && (ids.Count == 0 || ids.Contains(i.ImageId)));
        var (page, next) = Ec2Common.Page(held, i => i.ImageId, "rbin", maxResults, p.Get("NextToken"));

        var xml = Ec2Api.Begin(call).Open("imageSet");
        foreach (var image in page)
        {
            xml.Open("item").Elem("imageId", image.ImageId).Elem("name", image.Name).Elem("description", image.Description)
                .Elem("recycleBinEnterTime", image.EnterTime).Elem("recycleBinExitTime", image.ExitTime).Close();
        }
        xml.Close();
        if (next is not null) xml.Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    public static AwsResponse ListSnapshotsInRecycleBin(AwsCall call)
    {
        var p = call.Params;
        var ids = p.List("SnapshotId");
        foreach (var id in ids) Ec2Common.CheckSnapshotId(id);
        var maxResults = p.Int("MaxResults");
        Ec2Common.CheckMaxResultsRange(maxResults, 5, 1000);
        if (maxResults is not null && ids.Count > 0)
            throw new AwsException("InvalidParameterCombination", "The parameter snapshotIdSet cannot be used with the parameter maxResults");
        var scope = call.State.Scope(call.Account, call.Region);
        var now = call.State.Now;
        RecycleBin.Expire(scope, now);
        var held = scope.SnapshotRecycleBin.Values.Where(e => ids.Count == 0 || ids.Contains(e.Snapshot.SnapshotId)).OrderBy(e => e.Snapshot.SnapshotId, StringComparer.Ordinal);
        var (page, next) = Ec2Common.Page(held, e => e.Snapshot.SnapshotId, "rbinsnap", maxResults, p.Get("NextToken"));
        var xml = Ec2Api.Begin(call).Open("snapshotSet");
        foreach (var e in page)
        {
            xml.Open("item").Elem("snapshotId", e.Snapshot.SnapshotId).Elem("recycleBinEnterTime", e.EnterTime).Elem("recycleBinExitTime", e.ExitTime)
                .Elem("description", e.Snapshot.Description).Elem("volumeId", e.Snapshot.VolumeId ?? "vol-ffffffff").Close();
        }
        xml.Close();
        if (next is not null) xml.Elem("nextToken", next);
        return Ec2Api.End(xml);
    }

    public static AwsResponse RestoreSnapshotFromRecycleBin(AwsCall call)
    {
        var id = Ec2Common.CheckSnapshotId(call.Params.Required("SnapshotId"));
        var scope = call.State.Scope(call.Account, call.Region);
        RecycleBin.Expire(scope, call.State.Now);
        if (!scope.SnapshotRecycleBin.Remove(id, out var entry)) throw Ec2Common.SnapshotNotFound(id);
        var s = entry.Snapshot;
        scope.Snapshots[s.SnapshotId] = s;
        var xml = Ec2Api.Begin(call).Elem("snapshotId", s.SnapshotId).Elem("description", s.Description).Elem("encrypted", s.Encrypted)
            .Elem("ownerId", s.OwnerId).Elem("progress", "100%").Elem("startTime", s.StartTime).Elem("status", s.State)
            .Elem("volumeId", s.VolumeId ?? "vol-ffffffff").Elem("volumeSize", s.VolumeSize).Elem("sseType", "none");
        return Ec2Api.End(xml);
    }

    /// <summary>
    /// User guide: an AMI's snapshots must be restored before the AMI ("restore the snapshots first"); the code and
    /// message of the refusal are guesses. The restored AMI is available again under its id and name.
    /// </summary>
    public static AwsResponse RestoreImageFromRecycleBin(AwsCall call)
    {
        var id = Ec2Common.CheckImageId(call.Params.Required("ImageId"));
        var scope = call.State.Scope(call.Account, call.Region);
        RecycleBin.Expire(scope, call.State.Now);
        if (!scope.RecycleBin.TryGetValue(id, out var entry))
            throw new AwsException("InvalidAMIID.NotFound", $"The image id '[{id}]' does not exist in the Recycle Bin");
        if (entry.Image is not { } image)
            throw new AwsException("InvalidParameterValue", $"The image {id} was seeded into the Recycle Bin without its image (LocalAws) and cannot be restored.");
        var missing = image.BlockDevices.Select(d => d.SnapshotId).OfType<string>().Where(s => call.State.FindSnapshot(call.Region, s) is null).ToList();
        if (missing.Count > 0)
            throw new AwsException("IncorrectState", $"The image {id} can't be restored: its snapshots {string.Join(", ", missing)} are not available. Restore them from the Recycle Bin first.");
        var images = call.State.Images(call.Region);
        if (images.FindByName(image.OwnerId, image.Name) is not null)
            throw new AwsException("InvalidAMIName.Duplicate", $"AMI name {image.Name} is already in use by AMI {images.FindByName(image.OwnerId, image.Name)!.ImageId}");
        scope.RecycleBin.Remove(id);
        image.State = ImageStates.Available;
        images.Restore(image);
        return Ec2Api.End(Ec2Common.Return(call));
    }
}
