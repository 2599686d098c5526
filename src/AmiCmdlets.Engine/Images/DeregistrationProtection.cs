using System;
using System.Globalization;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// EC2's deregistrationProtection value, read in this one place: enabled-with-cooldown, enabled-without-cooldown,
/// disabled-until-&lt;time&gt; (the 24 h cooldown after turning off one enabled with a cooldown), or empty/disabled.
/// </summary>
internal sealed class DeregistrationProtection
{
    private const string UntilPrefix = "disabled-until-";

    private DeregistrationProtection(string value) => Value = value;

    public static DeregistrationProtection Parse(string? value) => new DeregistrationProtection(string.IsNullOrEmpty(value) ? "disabled" : value!);

    /// <summary>As AWS reports it; "disabled" when AWS leaves it out.</summary>
    public string Value { get; }

    /// <summary>Turned off, whether or not a cooldown still keeps it in force.</summary>
    public bool IsOff => Value.StartsWith("disabled", StringComparison.Ordinal);

    /// <summary>On with a cooldown: turning it off leaves it in force for 24 more hours.</summary>
    public bool HasCooldown => Value == "enabled-with-cooldown";

    /// <summary>The end of the cooldown as AWS wrote it, when it was turned off with one; otherwise null.</summary>
    public string? Until => Value.StartsWith(UntilPrefix, StringComparison.Ordinal) ? Value.Substring(UntilPrefix.Length) : null;

    /// <summary>Whether it is on, with or without a cooldown as asked.</summary>
    public bool IsOn(bool withCooldown) => Value == (withCooldown ? "enabled-with-cooldown" : "enabled-without-cooldown");

    /// <summary>Whether DeregisterImage would be refused now: protection on, or off but still in its cooldown.</summary>
    public bool IsInForce(DateTime utcNow)
    {
        if (Value == "disabled") return false;
        if (Until is not string until) return true;
        // A cooldown that has ended no longer protects; one we cannot read is taken as still running.
        return !DateTime.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end)
               || end > utcNow;
    }

    public override string ToString() => Value;
}
