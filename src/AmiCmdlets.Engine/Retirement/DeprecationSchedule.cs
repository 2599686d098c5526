using System;
using System.Globalization;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>
    /// EC2's rules for a deprecation time, applied before the call so the user sees what AWS will store:
    /// UTC, seconds rounded to the nearest minute, not in the past, at most 10 years ahead; for public images at
    /// most 2 years after the image's creation date (AWS counts that limit from creation, not from now).
    /// </summary>
    public static class DeprecationSchedule
    {
        public const int MaxYears = 10;
        public const int MaxYearsPublic = 2;

        /// <summary>A local or unspecified time is taken as local, as PowerShell's Get-Date gives it.</summary>
        /// <param name="creationDate">The public image's creation date (UTC); unknown: now.</param>
        public static DateTime Normalize(DateTime value, DateTime utcNow, bool isPublic, string? target, DateTime? creationDate = null)
        {
            var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
            var rounded = RoundToMinute(utc);
            if (rounded <= utcNow)
            {
                throw Invalid(target, "The deprecation time " + Show(rounded) + " is not in the future (now " + Show(utcNow) + ").");
            }
            if (rounded > utcNow.AddYears(MaxYears))
            {
                throw Invalid(target, "The deprecation time " + Show(rounded) + " is more than " + MaxYears + " years ahead.");
            }
            var created = creationDate ?? utcNow;
            if (isPublic && rounded > created.AddYears(MaxYearsPublic))
            {
                throw Invalid(target, "The deprecation time " + Show(rounded) + " is more than " + MaxYearsPublic + " years after the creation of the image (" +
                    Show(created) + "): the limit for public AMIs. Choose " + Show(created.AddYears(MaxYearsPublic)) + " or earlier.");
            }
            return rounded;
        }

        public static DateTime RoundToMinute(DateTime utc)
        {
            var floor = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc);
            return utc - floor >= TimeSpan.FromSeconds(30) ? floor.AddMinutes(1) : floor;
        }

        private static string Show(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

        private static AmiOperationException Invalid(string? target, string message) =>
            new AmiOperationException("InvalidDeprecationTime", AmiErrorCategory.InvalidArgument, target, message);
    }
}
