using System;
using System.Globalization;

namespace AmiCmdlets.Engine.Retirement
{
    /// <summary>
    /// EC2's deregistrationProtection value: enabled-with-cooldown, enabled-without-cooldown,
    /// disabled-until-&lt;time&gt; (the 24 h cooldown after disabling), or empty/disabled.
    /// </summary>
    internal static class DeregistrationProtectionState
    {
        /// <summary>Whether DeregisterImage would be refused now: protection on, or off but still in its cooldown.</summary>
        public static bool IsProtected(string? value, DateTime utcNow)
        {
            if (string.IsNullOrEmpty(value) || value == "disabled") return false;
            const string until = "disabled-until-";
            if (!value!.StartsWith(until, StringComparison.Ordinal)) return true;
            // A cooldown that has ended no longer protects; one we cannot read is taken as still running.
            return !DateTime.TryParse(value.Substring(until.Length), CultureInfo.InvariantCulture,
                       DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end)
                   || end > utcNow;
        }
    }
}
