using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>An image as a DescribeImages "item", element names as the SDK's ImageUnmarshaller reads them.</summary>
internal static class ImageXml
{
    /// <param name="imageAllowed">The caller's Allowed AMIs verdict (AllowedImagesSettings), or null to send none.</param>
    /// <param name="viewer">The calling account: it sees the owner's tags only on its own images (AWS), else its own tags.</param>
    public static void Write(XmlOut xml, Image image, bool? imageAllowed, string viewer)
    {
        xml.Open("item")
            .Elem("imageId", image.ImageId)
            .Elem("imageLocation", image.ImageLocation ?? image.OwnerId + "/" + image.Name)
            .Elem("imageState", image.State)
            .Elem("imageOwnerId", image.OwnerId)
            .Elem("creationDate", image.CreationDate)
            .Elem("isPublic", image.Public)
            .Elem("architecture", image.Architecture)
            .Elem("imageType", image.ImageType)
            .Elem("sriovNetSupport", image.SriovNetSupport)
            .Elem("enaSupport", image.EnaSupport)
            .Elem("platform", image.Platform)
            .Elem("platformDetails", image.PlatformDetails)
            .Elem("usageOperation", image.UsageOperation)
            .Elem("imageOwnerAlias", image.OwnerAlias)
            .Elem("freeTierEligible", image.FreeTierEligible is { } freeTier ? (freeTier ? "true" : "false") : null)
            .Elem("imageAllowed", imageAllowed is { } allowed ? (allowed ? "true" : "false") : null)
            .Elem("name", image.Name)
            .Elem("description", image.Description)
            .Elem("rootDeviceType", image.RootDeviceType)
            .Elem("rootDeviceName", image.RootDeviceName);

        // Sent even when empty, as AWS sends its lists.
        xml.Open("blockDeviceMapping");
        foreach (var device in image.BlockDevices)
        {
            xml.Open("item").Elem("deviceName", device.DeviceName).Open("ebs")
                .Elem("snapshotId", device.SnapshotId)
                .Elem("volumeSize", device.VolumeSize)
                .Elem("deleteOnTermination", device.DeleteOnTermination)
                .Elem("volumeType", device.VolumeType)
                .Elem("iops", device.Iops ?? (device.VolumeType == "gp3" ? 3000 : null))
                .Elem("throughput", device.Throughput ?? (device.VolumeType == "gp3" ? 125 : null))
                .Elem("encrypted", device.Encrypted)
                .Elem("kmsKeyId", device.KmsKeyId)
                .Close().Close();
        }
        xml.Close();

        if (image.ProductCodes.Count > 0)
        {
            xml.Open("productCodes");
            foreach (var code in image.ProductCodes) xml.Open("item").Elem("productCode", code.Code).Elem("type", code.Type).Close();
            xml.Close();
        }

        xml.Elem("virtualizationType", image.VirtualizationType);
        Ec2Api.WriteTagSet(xml, image.OwnerId == viewer ? image.Tags : image.AccountTags.GetValueOrDefault(viewer) ?? new Dictionary<string, string>());
        xml.Elem("hypervisor", image.Hypervisor)
            .Elem("bootMode", image.BootMode)
            .Elem("imdsSupport", image.ImdsSupport)
            .Elem("deprecationTime", image.DeprecationTime)
            .Elem("deregistrationProtection", image.DeregistrationProtection)
            .Elem("lastLaunchedTime", image.LastLaunchedTime)
            .Elem("sourceInstanceId", image.SourceInstanceId)
            .Elem("sourceImageId", image.SourceImageId)
            .Elem("sourceImageRegion", image.SourceImageRegion);
        if (image.StateReasonCode is not null)
            xml.Open("stateReason").Elem("code", image.StateReasonCode).Elem("message", image.StateReasonMessage).Close();
        xml.Close();
    }
}
