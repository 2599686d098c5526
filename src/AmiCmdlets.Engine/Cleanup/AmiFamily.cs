using System.Text.RegularExpressions;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// The family an image belongs to: by default its name with trailing dates, timestamps and versions
/// stripped ("web-2026-11-01", "web-20261101120000", "web-1.4.2" are all "web"), as aws-amicleaner groups.
/// </summary>
public static class AmiFamily
{
    // One trailing "stamp" with its separator: a date (2026-11-01, 2026.11.01, 20261101), a timestamp
    // (20261101120000, 2026-11-01T12-00-00Z), an epoch, or a version (1.4.2, v12, 1.4.2-rc1, build123).
    // A "v", "b", "r" or "build" prefix counts only where no letter precedes it, so web2 is web, not we,
    // and dev2 is dev, not de.
    private static readonly Regex TrailingStamp = new Regex(
        @"[-_. ]*(\d{4}[-.]?\d{2}[-.]?\d{2}([T_ -]?\d{2}[-:.]?\d{2}([-:.]?\d{2})?Z?)?|\d{9,14}|((?<![a-z])v)?\d+(\.\d+)*(-?(rc|beta|alpha|b)\d*)?|(?<![a-z])(build|b|r)\d+)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// One stamp is stripped, not every trailing one: "ubuntu-22.04-2026-11-01" is "ubuntu-22.04", never
    /// "ubuntu", so two product lines are not merged into one family whose newest images hide the other's.
    /// </summary>
    public static string FromName(string name)
    {
        var family = TrailingStamp.Replace(name, "");
        return family.Length == 0 ? name : family;
    }
}
