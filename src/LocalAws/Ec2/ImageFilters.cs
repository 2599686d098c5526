using System.Globalization;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>DescribeImages Filter.N: every value may use '*'/'?' wildcards; values OR, filters AND; unknown names fail as on AWS.</summary>
internal static class ImageFilters
{
    private static readonly Dictionary<string, Func<Image, IEnumerable<string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["architecture"] = i => [i.Architecture],
        ["block-device-mapping.delete-on-termination"] = i => i.BlockDevices.Select(d => Bool(d.DeleteOnTermination)),
        ["block-device-mapping.device-name"] = i => i.BlockDevices.Select(d => d.DeviceName),
        ["block-device-mapping.encrypted"] = i => i.BlockDevices.Select(d => Bool(d.Encrypted)),
        ["block-device-mapping.snapshot-id"] = i => i.BlockDevices.Select(d => d.SnapshotId),
        ["block-device-mapping.volume-size"] = i => i.BlockDevices.Select(d => d.VolumeSize.ToString(CultureInfo.InvariantCulture)),
        ["block-device-mapping.volume-type"] = i => i.BlockDevices.Select(d => d.VolumeType),
        ["boot-mode"] = i => [i.BootMode],
        ["creation-date"] = i => [XmlOut.FormatTime(i.CreationDate)],
        ["deprecation-time"] = i => [i.DeprecationTime is { } t ? XmlOut.FormatTime(t) : null],
        ["description"] = i => [i.Description],
        ["ena-support"] = i => [Bool(i.EnaSupport)],
        ["free-tier-eligible"] = i => [i.FreeTierEligible is { } f ? Bool(f) : null],
        ["hypervisor"] = i => [i.Hypervisor],
        // image-allowed is the caller's verdict, applied by DescribeImagesApi; listed so the name is known.
        ["image-allowed"] = i => [i.ImageAllowed is { } a ? Bool(a) : null],
        ["image-id"] = i => [i.ImageId],
        ["image-type"] = i => [i.ImageType],
        ["imds-support"] = i => [i.ImdsSupport],
        ["is-public"] = i => [Bool(i.Public)],
        ["manifest-location"] = i => [i.ImageLocation],
        ["name"] = i => [i.Name],
        ["owner-alias"] = i => [i.OwnerAlias],
        ["owner-id"] = i => [i.OwnerId],
        ["platform"] = i => [i.Platform],
        ["platform-details"] = i => [i.PlatformDetails],
        ["product-code"] = i => i.ProductCodes.Select(c => c.Code),
        ["product-code.type"] = i => i.ProductCodes.Select(c => c.Type),
        ["public-ssm-parameter-name"] = i => i.PublicSsmParameters,
        ["root-device-name"] = i => [i.RootDeviceName],
        ["root-device-type"] = i => [i.RootDeviceType],
        ["source-image-id"] = i => [i.SourceImageId],
        ["source-image-region"] = i => [i.SourceImageRegion],
        ["source-instance-id"] = i => [i.SourceInstanceId],
        ["state"] = i => [i.State],
        ["state-reason-code"] = i => [i.StateReasonCode],
        ["state-reason-message"] = i => [i.StateReasonMessage],
        ["sriov-net-support"] = i => [i.SriovNetSupport],
        ["tag-key"] = i => i.Tags.Keys,
        ["tag-value"] = i => i.Tags.Values,
        ["usage-operation"] = i => [i.UsageOperation],
        ["virtualization-type"] = i => [i.VirtualizationType],
    };

    public static List<Func<Image, bool>> Compile(List<(string Name, List<string> Values)> filters) =>
        ResourceFilters.Compile(filters, Fields, i => i.Tags);

    private static string Bool(bool value) => value ? "true" : "false";
}
