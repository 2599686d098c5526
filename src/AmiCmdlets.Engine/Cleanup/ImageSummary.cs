using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2.Model;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// The few facts about an image that retention needs, kept instead of the SDK's Image so that scanning
/// 20,000 images holds kilobytes per thousand, not megabytes.
/// </summary>
internal sealed class ImageSummary
{
    private ImageSummary(Image image, string? family, DateTime utcNow)
    {
        ImageId = image.ImageId;
        Name = image.Name ?? "";
        State = image.State?.Value ?? "";
        CreationDate = AmiMapper.ParseTime(image.CreationDate);
        LastLaunchedTime = AmiMapper.ParseTime(image.LastLaunchedTime);
        Family = family;
        var devices = (image.BlockDeviceMappings ?? new List<BlockDeviceMapping>()).Where(m => m.Ebs?.SnapshotId != null).ToList();
        var bySnapshot = devices.GroupBy(m => m.Ebs.SnapshotId, StringComparer.Ordinal).ToList();
        SnapshotIds = bySnapshot.Select(g => g.Key).ToArray();
        SnapshotVolumeGiB = bySnapshot.Select(g => g.First().Ebs.VolumeSize ?? 0).ToArray();
        SnapshotGiB = devices.Sum(m => m.Ebs.VolumeSize ?? 0);
        Protected = DeregistrationProtection.Parse(image.DeregistrationProtection).IsInForce(utcNow);
    }

    public string ImageId { get; }
    public string Name { get; }
    public string State { get; }
    public DateTime? CreationDate { get; }
    public DateTime? LastLaunchedTime { get; }
    /// <summary>Null when grouping by a tag the image does not have.</summary>
    public string? Family { get; }
    public string[] SnapshotIds { get; }
    /// <summary>The volume size of each of <see cref="SnapshotIds"/>: its cost when EC2 does not describe the snapshot.</summary>
    public int[] SnapshotVolumeGiB { get; }
    public int SnapshotGiB { get; }
    public bool Protected { get; }

    public static ImageSummary From(Image image, string? groupByTag, DateTime utcNow)
    {
        // Grouped by a tag, an image without it belongs to no family: it is never proposed, since lumping
        // unrelated untagged images together would make the newest of one product hide the only one of another.
        var family = groupByTag == null
            ? AmiFamily.FromName(image.Name ?? image.ImageId)
            : image.Tags?.FirstOrDefault(t => t.Key == groupByTag)?.Value;
        return new ImageSummary(image, family, utcNow);
    }

    public int AgeDays(DateTime utcNow) => CreationDate is DateTime created ? Math.Max(0, (int)(utcNow - created).TotalDays) : 0;
}
