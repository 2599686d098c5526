using System;
using System.Globalization;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>
/// EC2's rules for a deprecation time, applied before the call so the user sees what AWS will store:
/// UTC, seconds rounded to the nearest minute, not in the past, at most 10 years ahead; for public images at
/// most 2 years after the image's creation date (AWS counts that limit from creation, not from now).
/// </summary>
public static class DeprecationSchedule
{
    public const int MaxYears = 10;
    public const int MaxYearsPublic = 2;

    /// <summary>
    /// A local or unspecified time is taken as local, as PowerShell's Get-Date gives it. Any DateTime is
    /// answered with InvalidDeprecationTime or a valid time, never an overflow: extremes such as
    /// [datetime]::MaxValue are compared before any arithmetic on them.
    /// </summary>
    /// <param name="creationDate">The public image's creation date (UTC); unknown: now.</param>
    public static DateTime Normalize(DateTime value, DateTime utcNow, bool isPublic, string? target, DateTime? creationDate = null)
    {
        // ToUniversalTime clamps at MinValue/MaxValue instead of throwing.
        var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        var latest = utcNow.AddYears(MaxYears);
        if (utc > latest.AddSeconds(30))
        {
            throw Invalid(target, "The deprecation time " + Show(utc) + " is more than " + MaxYears + " years ahead. " + Range(utcNow));
        }
        var rounded = RoundToMinute(utc);
        if (rounded <= utcNow)
        {
            throw Invalid(target, "The deprecation time " + Show(rounded) + " is not in the future (now " + Show(utcNow) + "). " + Range(utcNow));
        }
        if (rounded > latest)
        {
            throw Invalid(target, "The deprecation time " + Show(rounded) + " is more than " + MaxYears + " years ahead. " + Range(utcNow));
        }
        var created = creationDate ?? utcNow;
        if (isPublic && rounded > created.AddYears(MaxYearsPublic))
        {
            throw Invalid(target, "The deprecation time " + Show(rounded) + " is more than " + MaxYearsPublic + " years after the creation of the image (" +
                Show(created) + "): the limit for public AMIs. Choose " + Show(created.AddYears(MaxYearsPublic)) + " or earlier.");
        }
        return rounded;
    }

    /// <summary>The valid range, as every refusal states it.</summary>
    public static string Range(DateTime utcNow) =>
        "EC2 takes a time after now and at most " + MaxYears + " years ahead (" + MaxYearsPublic + " years after creation for public AMIs), " +
        "stored in UTC and rounded to the minute: between " + Show(RoundToMinute(utcNow).AddMinutes(1)) + " and " + Show(RoundToMinute(utcNow.AddYears(MaxYears))) +
        ". A time without a time zone is taken as local time.";

    /// <summary>Seconds rounded to the nearest minute (a time in the last 30 seconds of 9999 stays in 9999).</summary>
    public static DateTime RoundToMinute(DateTime utc)
    {
        var floor = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc);
        return utc - floor >= TimeSpan.FromSeconds(30) && floor < DateTime.MaxValue.AddMinutes(-1) ? floor.AddMinutes(1) : floor;
    }

    private static string Show(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static AmiOperationException Invalid(string? target, string message) =>
        new AmiOperationException(ErrorIds.InvalidDeprecationTime, AmiErrorCategory.InvalidArgument, target, message);
}
