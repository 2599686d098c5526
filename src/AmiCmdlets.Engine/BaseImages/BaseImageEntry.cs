using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.BaseImages;

/// <summary>
/// One operating system of the <see cref="BaseImageCatalogue"/>: who publishes it and how its image names look.
/// The name pattern holds "{arch}" (x86_64 / arm64, or amd64 / arm64 for Debian-style names) and, for Windows,
/// "{language}".
/// </summary>
public sealed class BaseImageEntry
{
    internal BaseImageEntry(string name, string description, IReadOnlyList<string> owners, string namePattern, IReadOnlyList<string> architectures,
        bool debianArchitectureNames = false, bool windows = false)
    {
        Name = name;
        Description = description;
        Owners = owners;
        NamePattern = namePattern;
        Architectures = architectures;
        DebianArchitectureNames = debianArchitectureNames;
        Windows = windows;
    }

    /// <summary>The value of -OperatingSystem: "Ubuntu2404", "WindowsServer2022Core" ...</summary>
    public string Name { get; }
    public string Description { get; }

    /// <summary>DescribeImages Owners: "amazon" or the publisher's documented account ids. Never anyone else.</summary>
    public IReadOnlyList<string> Owners { get; }
    public string NamePattern { get; }
    public IReadOnlyList<string> Architectures { get; }
    public bool Windows { get; }
    private bool DebianArchitectureNames { get; }

    /// <summary>The DescribeImages name filter for one architecture (and, for Windows, one language).</summary>
    public string NameFilter(string architecture, string language)
    {
        var arch = DebianArchitectureNames && architecture == "x86_64" ? "amd64" : architecture;
        return NamePattern.Replace("{arch}", arch).Replace("{language}", language);
    }

    public bool Offers(string architecture) => Architectures.Contains(architecture);
}
