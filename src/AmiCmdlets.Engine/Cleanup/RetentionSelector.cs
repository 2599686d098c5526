using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Cleanup
{
    /// <summary>
    /// Keep-N-newest per family, then an age limit: the rule aws-amicleaner made familiar. Protected images and
    /// images still being built are never candidates. Usage (instances, launch templates) is checked later,
    /// only for the images this leaves.
    /// </summary>
    internal static class RetentionSelector
    {
        public static IEnumerable<(ImageSummary Image, string Reason)> Select(IEnumerable<ImageSummary> images, int keepLatest, int olderThanDays, DateTime utcNow)
        {
            foreach (var family in images.GroupBy(i => i.Family, StringComparer.Ordinal))
            {
                var newestFirst = family
                    .OrderByDescending(i => i.CreationDate ?? DateTime.MinValue)
                    .ThenBy(i => i.ImageId, StringComparer.Ordinal)
                    .ToList();
                for (var rank = keepLatest; rank < newestFirst.Count; rank++)
                {
                    var image = newestFirst[rank];
                    var age = image.AgeDays(utcNow);
                    if (age < olderThanDays || image.Protected || image.State == "pending") continue;
                    yield return (image, "number " + (rank + 1) + " of " + newestFirst.Count + " in family '" + family.Key +
                        "' (keeping the newest " + keepLatest + "), " + age + " days old (limit " + olderThanDays + ")");
                }
            }
        }
    }
}
