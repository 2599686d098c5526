using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Whether a well-formed region name can be a real region, decided without a call: the regions the
/// AWS SDK knows, plus the next number after the last one it knows in the same area (us-east-3 after
/// us-east-2, or -1 of a new area), which is how AWS has numbered every new region, so a region that
/// opens after this SDK was built is not locked out. A typo such as us-east-9 is refused as UnknownRegion.
/// </summary>
public static class KnownRegions
{
    private static readonly Lazy<HashSet<string>> Sdk = new Lazy<HashSet<string>>(() =>
        new HashSet<string>(RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Where(RegionName.IsValid).Concat(RegionName.Known),
            StringComparer.Ordinal));

    public static bool IsKnown(string region) => Sdk.Value.Contains(region);

    /// <summary>Known, or the next number in its area.</summary>
    public static bool IsPlausible(string region)
    {
        if (!RegionName.IsValid(region)) return false;
        if (IsKnown(region)) return true;
        var (area, number) = Split(region);
        var highest = Area(area).Select(r => Split(r).Number).DefaultIfEmpty(0).Max();
        return number == highest + 1;
    }

    /// <summary>Throws InvalidRegion (malformed) or UnknownRegion (well-formed, not a region) before any call.</summary>
    public static string Require(string region, string source)
    {
        var shape = RegionName.Problem(region);
        if (shape != null)
            throw new AmiOperationException(ErrorIds.InvalidRegion, AmiErrorCategory.InvalidArgument, region, shape.Replace(" is not", " (from " + source + ") is not"));
        if (!IsPlausible(region)) throw Unknown(region, source, null);
        return region;
    }

    /// <summary>UnknownRegion for a name AWS does not know, naming the regions of the same area.</summary>
    public static AmiOperationException Unknown(string region, string source, string? evidence)
    {
        var (area, _) = Split(region);
        var near = Area(area).OrderBy(r => Split(r).Number).ToList();
        return new AmiOperationException(ErrorIds.UnknownRegion, AmiErrorCategory.InvalidArgument, region,
            "'" + region + "' (from " + source + ") is not an AWS region" + (evidence == null ? "" : " (" + evidence + ")") + ". " +
            (near.Count > 0 ? "Regions in that area: " + string.Join(", ", near) + ". " : "") +
            "A region newer than this module is taken when its number follows the last one known in its area.");
    }

    private static IEnumerable<string> Area(string area) => Sdk.Value.Where(r => Split(r).Area == area);

    private static (string Area, int Number) Split(string region)
    {
        var dash = region.LastIndexOf('-');
        return (region.Substring(0, dash), int.Parse(region.Substring(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
