using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>One BlockDeviceMapping.N of a RunInstances or CreateImage request.</summary>
internal sealed record BlockDeviceMappingParam(
    string DeviceName, bool NoDevice, string? VirtualName, string? SnapshotId, int? VolumeSize, string? VolumeType,
    bool? DeleteOnTermination, bool? Encrypted, string? KmsKeyId, int? Iops, int? Throughput)
{
    public bool HasEbs => SnapshotId is not null || VolumeSize is not null || VolumeType is not null || DeleteOnTermination is not null
        || Encrypted is not null || KmsKeyId is not null || Iops is not null || Throughput is not null;

    private static readonly HashSet<string> VolumeTypes = new(StringComparer.Ordinal) { "standard", "io1", "io2", "gp2", "gp3", "sc1", "st1" };

    public static List<BlockDeviceMappingParam> Parse(QueryRequest p)
    {
        var result = new List<BlockDeviceMappingParam>();
        foreach (var i in p.StructIndexes("BlockDeviceMapping"))
        {
            var prefix = $"BlockDeviceMapping.{i}.";
            var device = p.Get(prefix + "DeviceName")
                ?? throw new AwsException("InvalidBlockDeviceMapping", "The device name must be specified for every block device mapping.");
            var volumeType = p.Get(prefix + "Ebs.VolumeType");
            if (volumeType is not null && !VolumeTypes.Contains(volumeType))
                throw new AwsException("InvalidParameterValue", $"Value ({volumeType}) for parameter volumeType is invalid. Valid values: standard, io1, io2, gp2, gp3, sc1, st1");
            var size = p.Int(prefix + "Ebs.VolumeSize");
            if (size is < 1 or > 65536)
                throw new AwsException("InvalidParameterValue", $"Volume size {size} is out of range (1-65536 GiB).");
            if (result.Any(m => m.DeviceName == device))
                throw new AwsException("InvalidBlockDeviceMapping", $"The device '{device}' is used in more than one block-device mapping");
            result.Add(new BlockDeviceMappingParam(
                device, p.Get(prefix + "NoDevice") is not null, p.Get(prefix + "VirtualName"),
                p.Get(prefix + "Ebs.SnapshotId"), size, volumeType,
                p.Get(prefix + "Ebs.DeleteOnTermination") is null ? null : p.Bool(prefix + "Ebs.DeleteOnTermination"),
                p.Get(prefix + "Ebs.Encrypted") is null ? null : p.Bool(prefix + "Ebs.Encrypted"),
                p.Get(prefix + "Ebs.KmsKeyId"), p.Int(prefix + "Ebs.Iops"), p.Int(prefix + "Ebs.Throughput")));
        }
        return result;
    }
}
