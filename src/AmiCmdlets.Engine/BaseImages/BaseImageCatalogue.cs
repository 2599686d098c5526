using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.BaseImages;

/// <summary>
/// The operating systems Find-BaseAmi knows, each with its publisher's owner and its image-name pattern. Written
/// once from public documentation, because a name alone proves nothing: anyone can register a public image called
/// "ubuntu/images/...". Sources: Amazon Linux, Windows and SUSE images are owned by alias "amazon" (EC2 User Guide,
/// "Find an AMI"; AWS Windows AMI reference); Canonical publishes Ubuntu from 099720109477 (Ubuntu's "Find Ubuntu
/// images on AWS"); Debian from 136693071363 (wiki.debian.org/Cloud/AmazonEC2Image, Debian 10 and later); Red Hat
/// from 309956199498 (Red Hat's "RHEL images on AWS"). The name patterns follow each publisher's naming scheme.
/// </summary>
public static class BaseImageCatalogue
{
    private static readonly string[] Both = { "x86_64", "arm64" };
    private static readonly string[] X86Only = { "x86_64" };

    public const string Canonical = "099720109477";
    public const string Debian = "136693071363";
    public const string RedHat = "309956199498";

    /// <summary>Publishers' accounts that are verified providers although they carry no owner alias.</summary>
    public static IReadOnlyList<string> VerifiedPublisherAccounts { get; } = new[] { Canonical, Debian, RedHat };

    /// <summary>The language words of Windows AMI names ("Windows_Server-2022-German-Full-Base-...").</summary>
    public static IReadOnlyList<string> WindowsLanguages { get; } = new[]
    {
        "English", "Chinese_Simplified", "Chinese_Traditional", "Czech", "Dutch", "French", "German", "Hungarian", "Italian",
        "Japanese", "Korean", "Polish", "Portuguese_Brazil", "Portuguese_Portugal", "Russian", "Spanish", "Swedish", "Turkish",
    };

    public const string DefaultLanguage = "English";

    public static IReadOnlyList<BaseImageEntry> Entries { get; } = Build();

    private static BaseImageEntry[] Build()
    {
        var amazon = new[] { "amazon" };
        var entries = new List<BaseImageEntry>
        {
            new BaseImageEntry("AmazonLinux2023", "Amazon Linux 2023", amazon, "al2023-ami-2023.*-kernel-*-{arch}", Both),
            new BaseImageEntry("AmazonLinux2", "Amazon Linux 2 (kernel 5.10)", amazon, "amzn2-ami-kernel-5.10-hvm-*-{arch}-gp2", Both),
        };
        foreach (var year in new[] { "2025", "2022", "2019", "2016" })
        {
            entries.Add(new BaseImageEntry("WindowsServer" + year, "Windows Server " + year + " with Desktop Experience", amazon,
                "Windows_Server-" + year + "-{language}-Full-Base-*", X86Only, windows: true));
            entries.Add(new BaseImageEntry("WindowsServer" + year + "Core", "Windows Server " + year + " Core", amazon,
                "Windows_Server-" + year + "-{language}-Core-Base-*", X86Only, windows: true));
        }
        entries.AddRange(new[]
        {
            new BaseImageEntry("Ubuntu2404", "Ubuntu Server 24.04 LTS (Noble)", new[] { Canonical }, "ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-{arch}-server-*", Both, debianArchitectureNames: true),
            new BaseImageEntry("Ubuntu2204", "Ubuntu Server 22.04 LTS (Jammy)", new[] { Canonical }, "ubuntu/images/hvm-ssd*/ubuntu-jammy-22.04-{arch}-server-*", Both, debianArchitectureNames: true),
            new BaseImageEntry("Debian13", "Debian 13 (Trixie)", new[] { Debian }, "debian-13-{arch}-*", Both, debianArchitectureNames: true),
            new BaseImageEntry("Debian12", "Debian 12 (Bookworm)", new[] { Debian }, "debian-12-{arch}-*", Both, debianArchitectureNames: true),
            new BaseImageEntry("RHEL10", "Red Hat Enterprise Linux 10", new[] { RedHat }, "RHEL-10.*_HVM-*-{arch}-*", Both),
            new BaseImageEntry("RHEL9", "Red Hat Enterprise Linux 9", new[] { RedHat }, "RHEL-9.*_HVM-*-{arch}-*", Both),
            new BaseImageEntry("SUSE15", "SUSE Linux Enterprise Server 15", amazon, "suse-sles-15-sp*-v*-hvm-ssd-{arch}", Both),
        });
        return entries.ToArray();
    }

    public static BaseImageEntry? Find(string name) =>
        Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public static bool IsVerifiedPublisher(string ownerId) => VerifiedPublisherAccounts.Contains(ownerId, StringComparer.Ordinal);

    /// <summary>Every -OperatingSystem value, for error messages.</summary>
    public static string Names => string.Join(", ", Entries.Select(e => e.Name));
}
