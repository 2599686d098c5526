using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>
/// Keep-N-newest per family, then an age limit: the rule aws-amicleaner made familiar. Only available
/// images count towards the newest N, so failed or disabled builds never push the last good image out.
/// Protected images and images still being built are never candidates. Usage (instances, launch
/// templates) is checked later, only for the images this leaves.
/// </summary>
internal static class RetentionSelector
{
    public static IEnumerable<(ImageSummary Image, string Reason)> Select(IEnumerable<ImageSummary> images, int keepLatest, int olderThanDays, DateTime utcNow)
    {
        foreach (var family in images.Where(i => i.Family != null).GroupBy(i => i.Family!, StringComparer.Ordinal))
        {
            var newestFirst = family
                .OrderByDescending(i => i.CreationDate ?? DateTime.MinValue)
                .ThenBy(i => i.ImageId, StringComparer.Ordinal)
                .ToList();
            var kept = 0;
            for (var rank = 0; rank < newestFirst.Count; rank++)
            {
                var image = newestFirst[rank];
                if (image.State == "available" && kept < keepLatest)
                {
                    kept++;
                    continue;
                }
                var age = image.AgeDays(utcNow);
                if (age < olderThanDays || image.Protected || image.State == "pending") continue;
                yield return (image, (image.State == "available" ? "" : image.State + "; ") +
                    "number " + (rank + 1) + " of " + newestFirst.Count + " in family '" + family.Key + "' (keeping the newest " + keepLatest +
                    " available), " + age + " days old (limit " + olderThanDays + ")");
            }
        }
    }
}
