namespace LocalAws.Model;

/// <summary>
/// The public base AMIs every region has from start-up, owned as on AWS: Amazon Linux, Windows Server and SUSE
/// by Amazon (alias "amazon"), Ubuntu by Canonical's account, Debian and RHEL by their publishers' accounts, one
/// Marketplace listing with a product code, and one community look-alike that copies Canonical's image name. So
/// discovery code has realistic images to find, and to be fooled by.
/// </summary>
internal static class BaseImages
{
    private sealed record Owner(string Id, string? Alias);

    private static readonly Owner Amazon = new(LocalAwsAccounts.AmazonOwnerId, "amazon");
    private static readonly Owner Canonical = new(LocalAwsPublishers.Canonical, null);
    private static readonly Owner Debian = new(LocalAwsPublishers.Debian, null);
    private static readonly Owner RedHat = new(LocalAwsPublishers.RedHat, null);
    private static readonly Owner Marketplace = new(LocalAwsPublishers.Marketplace, "aws-marketplace");
    private static readonly Owner Community = new(LocalAwsPublishers.CommunityLookAlike, null);

    private sealed record Template(
        Owner Owner, string Name, string Description, string Architecture, bool Windows, int RootSizeGiB,
        string CreationDate, string? DeprecationTime, string? BootMode = null, string? ImdsSupport = null,
        string[]? SsmParameters = null, bool FreeTier = false, string? ProductCode = null, string PlatformDetails = "Linux/UNIX",
        string UsageOperation = "RunInstances", (string Title, string Severity, double Score)[]? Findings = null);

    private const string Al2023X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    private const string NobleAmd64 = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

    private static readonly Template[] Templates =
    {
        new(Amazon, "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", "Amazon Linux 2023 AMI 2023.6.20261101.0 x86_64 HVM kernel-6.1",
            "x86_64", false, 8, "2026-11-01T18:42:07.000Z", "2028-11-01T18:42:00.000Z", "uefi-preferred", "v2.0", [Al2023X86], FreeTier: true),
        new(Amazon, "al2023-ami-2023.6.20261101.0-kernel-6.1-arm64", "Amazon Linux 2023 AMI 2023.6.20261101.0 arm64 HVM kernel-6.1",
            "arm64", false, 8, "2026-11-01T18:42:09.000Z", "2028-11-01T18:42:00.000Z", "uefi", "v2.0",
            ["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"]),
        // An older release already past its deprecation time: hidden from non-owners unless IncludeDeprecated.
        new(Amazon, "al2023-ami-2023.5.20250115.0-kernel-6.1-x86_64", "Amazon Linux 2023 AMI 2023.5.20250115.0 x86_64 HVM kernel-6.1",
            "x86_64", false, 8, "2025-01-15T20:10:31.000Z", "2025-07-15T20:10:00.000Z", "uefi-preferred", "v2.0", [Al2023X86], FreeTier: true,
            Findings: [("CVE-2025-0001 - openssl", "critical", 9.8), ("CVE-2025-0002 - glibc", "high", 7.5)]),
        new(Amazon, "amzn2-ami-kernel-5.10-hvm-2.0.20261030.0-x86_64-gp2", "Amazon Linux 2 Kernel 5.10 AMI 2.0.20261030.0 x86_64 HVM gp2",
            "x86_64", false, 8, "2026-10-30T22:01:12.000Z", "2028-10-30T22:01:00.000Z", null, null,
            ["/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2"], FreeTier: true),
        new(Amazon, "Windows_Server-2025-English-Full-Base-2026.11.12", "Microsoft Windows Server 2025 Full Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:04:40.000Z", "2028-11-12T21:04:00.000Z", null, null,
            ["/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base"]),
        new(Amazon, "Windows_Server-2022-English-Full-Base-2026.11.12", "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:05:44.000Z", "2028-11-12T21:05:00.000Z", null, null,
            ["/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base"]),
        new(Amazon, "Windows_Server-2022-English-Core-Base-2026.11.12", "Microsoft Windows Server 2022 Core Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:05:51.000Z", "2028-11-12T21:05:00.000Z", null, null,
            ["/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-Base"]),
        // Scanned, with one critical finding: what -MaxCriticalFindings 0 refuses.
        new(Amazon, "Windows_Server-2019-English-Full-Base-2026.11.12", "Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon",
            "x86_64", true, 30, "2026-11-12T21:06:02.000Z", "2028-11-12T21:06:00.000Z", null, null,
            ["/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base"],
            Findings: [("CVE-2026-21001 - Windows SMB", "critical", 9.1), ("CVE-2026-21002 - .NET", "medium", 5.3)]),
        new(Amazon, "suse-sles-15-sp6-v20261015-hvm-ssd-x86_64", "SUSE Linux Enterprise Server 15 SP6 (HVM, 64-bit, SSD-Backed)",
            "x86_64", false, 10, "2026-10-15T12:00:00.000Z", "2028-10-15T12:00:00.000Z", null, null,
            ["/aws/service/suse/sles/15-sp6/x86_64/latest"], PlatformDetails: "SUSE Linux", UsageOperation: "RunInstances:000g"),
        new(Canonical, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", "Canonical, Ubuntu, 24.04, amd64 noble image",
            "x86_64", false, 8, "2026-11-01T08:15:55.000Z", "2028-11-01T08:15:00.000Z", null, null, [NobleAmd64], FreeTier: true),
        new(Canonical, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20261101", "Canonical, Ubuntu, 24.04, arm64 noble image",
            "arm64", false, 8, "2026-11-01T08:16:10.000Z", "2028-11-01T08:16:00.000Z", null, null,
            ["/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"]),
        new(Canonical, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20261020", "Canonical, Ubuntu, 22.04, amd64 jammy image",
            "x86_64", false, 8, "2026-10-20T07:00:00.000Z", "2028-10-20T07:00:00.000Z"),
        // The newest jammy build, withdrawn (deprecated) a day after release: a finder must fall back to the one before.
        new(Canonical, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20261113", "Canonical, Ubuntu, 22.04, amd64 jammy image",
            "x86_64", false, 8, "2026-11-13T07:00:00.000Z", "2026-11-14T07:00:00.000Z"),
        new(Debian, "debian-12-amd64-20261101-2283", "Debian 12 (20261101-2283)",
            "x86_64", false, 8, "2026-11-01T10:00:00.000Z", "2028-11-01T10:00:00.000Z", null, null, ["/aws/service/debian/release/12/latest/amd64"]),
        new(Debian, "debian-13-arm64-20261101-2283", "Debian 13 (20261101-2283)",
            "arm64", false, 8, "2026-11-01T10:05:00.000Z", "2028-11-01T10:05:00.000Z", null, null, ["/aws/service/debian/release/13/latest/arm64"]),
        new(RedHat, "RHEL-9.6.0_HVM-20261020-x86_64-0-Hourly2-GP3", "Provided by Red Hat, Inc.",
            "x86_64", false, 10, "2026-10-20T15:30:00.000Z", "2028-10-20T15:30:00.000Z", null, null,
            PlatformDetails: "Red Hat Enterprise Linux", UsageOperation: "RunInstances:0010"),
        new(Marketplace, "cis-hardened-ubuntu-24.04-level-1-20261105-prod-localaws", "CIS Hardened Image Level 1 on Ubuntu Linux Server 24.04 LTS",
            "x86_64", false, 8, "2026-11-05T09:00:00.000Z", "2028-11-05T09:00:00.000Z", ProductCode: LocalAwsPublishers.HardenedUbuntuProductCode),
        // A community look-alike: Canonical's image name, newer, from an ordinary account; only the owner tells them apart.
        new(Community, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", "Canonical, Ubuntu, 24.04, amd64 noble image",
            "x86_64", false, 8, "2026-11-20T03:03:03.000Z", null,
            Findings: [("CVE-2026-1111 - openssh", "critical", 9.8), ("CVE-2026-1112 - sudo", "critical", 9.3)]),
    };

    public static void AddTo(EmulatorState state, string region)
    {
        var images = state.Images(region);
        foreach (var t in Templates)
        {
            var owner = state.Scope(t.Owner.Id, region);
            var created = DateTimeOffset.Parse(t.CreationDate, System.Globalization.CultureInfo.InvariantCulture);
            var key = region + "/" + t.Owner.Id + "/" + t.Name;
            var snapshotId = IdGenerator.Stable("snap", LegacyKey(region, t) ?? key);
            var rootDevice = t.Windows ? "/dev/sda1" : "/dev/xvda";
            owner.Snapshots[snapshotId] = new Snapshot
            {
                SnapshotId = snapshotId, Region = region, OwnerId = t.Owner.Id, OwnerAlias = t.Owner.Alias,
                VolumeSize = t.RootSizeGiB, StartTime = created.AddMinutes(-12), Description = "",
            };
            var image = new Image
            {
                ImageId = IdGenerator.Stable("ami", LegacyKey(region, t) ?? key),
                Region = region,
                OwnerId = t.Owner.Id,
                OwnerAlias = t.Owner.Alias,
                Name = t.Name,
                Description = t.Description,
                CreationDate = created,
                Public = true,
                DeprecationTime = t.DeprecationTime is null ? null : DateTimeOffset.Parse(t.DeprecationTime, System.Globalization.CultureInfo.InvariantCulture),
                Architecture = t.Architecture,
                Platform = t.Windows ? "windows" : null,
                PlatformDetails = t.Windows ? "Windows" : t.PlatformDetails,
                UsageOperation = t.Windows ? "RunInstances:0002" : t.UsageOperation,
                RootDeviceName = rootDevice,
                BootMode = t.BootMode,
                ImdsSupport = t.ImdsSupport,
                ImageLocation = (t.Owner.Alias ?? t.Owner.Id) + "/" + t.Name,
                FreeTierEligible = t.FreeTier,
            };
            image.BlockDevices.Add(new BlockDevice { DeviceName = rootDevice, SnapshotId = snapshotId, VolumeSize = t.RootSizeGiB });
            foreach (var parameter in t.SsmParameters ?? []) image.PublicSsmParameters.Add(parameter);
            if (t.ProductCode is not null) image.ProductCodes.Add(new ProductCode(t.ProductCode));
            foreach (var (title, severity, score) in t.Findings ?? [])
                image.Findings.Add(new ImageFinding(title, severity, score, FixAvailable: true, created.AddDays(3), snapshotId));
            images.Add(image);
        }
    }

    // Amazon's images keep the ids they had before other owners joined (derived from region and name alone).
    private static string? LegacyKey(string region, Template t) => t.Owner == Amazon ? region + "/" + t.Name : null;
}
