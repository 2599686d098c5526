using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Images;

/// <summary>Turns the SDK's Image into our public <see cref="Ami"/>. SDK collections are null when empty.</summary>
internal static class AmiMapper
{
    /// <summary>
    /// The image as read in <paramref name="place"/>, whose account tells your images from shared ones (see
    /// <see cref="ImageSourceRules.SourceOf"/>); <paramref name="callerAccount"/> says it when the place does not know it yet.
    /// </summary>
    public static Ami ToAmi(Image image, ResolvedConnection place, string? callerAccount = null)
    {
        var devices = (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>())
            .Where(m => m.NoDevice == null)
            .Select(m => new AmiBlockDevice
            {
                DeviceName = m.DeviceName ?? "",
                SnapshotId = m.Ebs?.SnapshotId,
                SizeGiB = m.Ebs?.VolumeSize,
                VolumeType = m.Ebs?.VolumeType?.Value,
                Encrypted = m.Ebs?.Encrypted ?? false,
                KmsKeyId = m.Ebs?.KmsKeyId,
                VirtualName = m.VirtualName,
            })
            .ToArray();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in image.Tags ?? new List<Tag>()) tags[tag.Key] = tag.Value ?? "";

        return new Ami
        {
            ImageId = image.ImageId ?? "",
            Name = image.Name ?? "",
            Region = place.Region,
            State = image.State?.Value ?? "",
            CreationDate = ParseTime(image.CreationDate),
            OwnerId = image.OwnerId ?? "",
            OwnerAlias = image.ImageOwnerAlias,
            Description = image.Description,
            Architecture = image.Architecture?.Value,
            Platform = image.Platform?.Value ?? image.PlatformDetails,
            Public = image.Public ?? false,
            Encrypted = devices.Any(d => d.Encrypted),
            KmsKeyIds = devices.Select(d => d.KmsKeyId).Where(k => !string.IsNullOrEmpty(k)).Distinct(StringComparer.Ordinal).ToArray()!,
            SnapshotIds = devices.Select(d => d.SnapshotId).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).ToArray()!,
            BlockDevices = devices,
            Tags = tags,
            DeprecationTime = ParseTime(image.DeprecationTime),
            DeregistrationProtection = image.DeregistrationProtection != null
                && image.DeregistrationProtection.StartsWith("enabled", StringComparison.OrdinalIgnoreCase),
            SourceImageId = image.SourceImageId,
            SourceRegion = image.SourceImageRegion,
            ImdsSupport = image.ImdsSupport?.Value,
            BootMode = image.BootMode?.Value,
            LastLaunchedTime = ParseTime(image.LastLaunchedTime),
            StateReason = image.StateReason?.Message,
            Source = ImageSourceRules.SourceOf(image, callerAccount ?? place.AccountId),
            VerifiedProvider = ImageSourceRules.IsVerifiedProvider(image.ImageOwnerAlias, image.OwnerId),
            ProductCodes = ImageSourceRules.MarketplaceCodes(image),
            ImageAllowed = image.ImageAllowed,
            FreeTierEligible = image.FreeTierEligible,
        }.At(place);
    }

    /// <summary>EC2 sends times as ISO 8601 strings; ours are UTC DateTimes.</summary>
    internal static DateTime? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : (DateTime?)null;
    }
}
