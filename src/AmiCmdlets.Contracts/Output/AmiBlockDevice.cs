namespace AmiCmdlets;

/// <summary>One block device mapping of an AMI. SnapshotId is null for ephemeral devices.</summary>
public sealed class AmiBlockDevice
{
    public string DeviceName { get; internal set; } = "";
    public string? SnapshotId { get; internal set; }
    public int? SizeGiB { get; internal set; }
    public string? VolumeType { get; internal set; }
    public bool Encrypted { get; internal set; }
    public string? KmsKeyId { get; internal set; }
    public string? VirtualName { get; internal set; }

    public override string ToString() => SnapshotId is null ? DeviceName : DeviceName + "=" + SnapshotId;
}
