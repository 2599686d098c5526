namespace LocalAws.Model;

/// <summary>
/// The public Amazon-owned AMIs every region has from start-up, so discovery code (owner "amazon",
/// name wildcards, Windows vs Linux) has realistic images to find without seeding.
/// </summary>
internal static class BaseImages
{
    private sealed record Template(
        string Name, string Description, string Architecture, bool Windows, int RootSizeGiB,
        string CreationDate, string? DeprecationTime, string? BootMode, string? ImdsSupport);

    private static readonly Template[] Templates =
    {
        new("al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", "Amazon Linux 2023 AMI 2023.6.20261101.0 x86_64 HVM kernel-6.1",
            "x86_64", false, 8, "2026-11-01T18:42:07.000Z", "2028-11-01T18:42:00.000Z", "uefi-preferred", "v2.0"),
        new("al2023-ami-2023.6.20261101.0-kernel-6.1-arm64", "Amazon Linux 2023 AMI 2023.6.20261101.0 arm64 HVM kernel-6.1",
            "arm64", false, 8, "2026-11-01T18:42:09.000Z", "2028-11-01T18:42:00.000Z", "uefi", "v2.0"),
        // An older release already past its deprecation time: hidden from non-owners unless IncludeDeprecated.
        new("al2023-ami-2023.5.20250115.0-kernel-6.1-x86_64", "Amazon Linux 2023 AMI 2023.5.20250115.0 x86_64 HVM kernel-6.1",
            "x86_64", false, 8, "2025-01-15T20:10:31.000Z", "2025-07-15T20:10:00.000Z", "uefi-preferred", "v2.0"),
        new("Windows_Server-2022-English-Full-Base-2026.11.12", "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:05:44.000Z", "2028-11-12T21:05:00.000Z", null, null),
        new("Windows_Server-2019-English-Full-Base-2026.11.12", "Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:06:02.000Z", "2028-11-12T21:06:00.000Z", null, null),
        new("ubuntu-noble-24.04-amd64-server-20261101", "Canonical, Ubuntu, 24.04, amd64 noble image",
            "x86_64", false, 8, "2026-11-01T08:15:55.000Z", "2028-11-01T08:15:00.000Z", null, null),
    };

    public static void AddTo(EmulatorState state, string region)
    {
        var amazon = state.Scope(LocalAwsAccounts.AmazonOwnerId, region);
        var images = state.Images(region);
        foreach (var t in Templates)
        {
            var created = DateTimeOffset.Parse(t.CreationDate, System.Globalization.CultureInfo.InvariantCulture);
            var snapshotId = IdGenerator.Stable("snap", region + "/" + t.Name);
            var rootDevice = t.Windows ? "/dev/sda1" : "/dev/xvda";
            amazon.Snapshots[snapshotId] = new Snapshot
            {
                SnapshotId = snapshotId, Region = region, OwnerId = LocalAwsAccounts.AmazonOwnerId, OwnerAlias = "amazon",
                VolumeSize = t.RootSizeGiB, StartTime = created.AddMinutes(-12), Description = "",
            };
            var image = new Image
            {
                ImageId = IdGenerator.Stable("ami", region + "/" + t.Name),
                Region = region,
                OwnerId = LocalAwsAccounts.AmazonOwnerId,
                OwnerAlias = "amazon",
                Name = t.Name,
                Description = t.Description,
                CreationDate = created,
                Public = true,
                DeprecationTime = t.DeprecationTime is null ? null : DateTimeOffset.Parse(t.DeprecationTime, System.Globalization.CultureInfo.InvariantCulture),
                Architecture = t.Architecture,
                Platform = t.Windows ? "windows" : null,
                PlatformDetails = t.Windows ? "Windows" : "Linux/UNIX",
                UsageOperation = t.Windows ? "RunInstances:0002" : "RunInstances",
                RootDeviceName = rootDevice,
                BootMode = t.BootMode,
                ImdsSupport = t.ImdsSupport,
                ImageLocation = "amazon/" + t.Name,
            };
            image.BlockDevices.Add(new BlockDevice { DeviceName = rootDevice, SnapshotId = snapshotId, VolumeSize = t.RootSizeGiB });
            images.Add(image);
        }
    }
}
