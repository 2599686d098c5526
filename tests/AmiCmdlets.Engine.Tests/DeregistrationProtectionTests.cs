using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Tests;

/// <summary>EC2's deregistrationProtection strings, read by the one value type every feature uses.</summary>
public sealed class DeregistrationProtectionTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(null, "disabled", false, true, false)]
    [InlineData("", "disabled", false, true, false)]
    [InlineData("disabled", "disabled", false, true, false)]
    [InlineData("enabled-without-cooldown", "enabled-without-cooldown", true, false, false)]
    [InlineData("enabled-with-cooldown", "enabled-with-cooldown", true, false, true)]
    [InlineData("disabled-until-2025-06-02T12:00:00.000Z", "disabled-until-2025-06-02T12:00:00.000Z", true, true, false)]
    [InlineData("disabled-until-2025-06-01T11:59:00.000Z", "disabled-until-2025-06-01T11:59:00.000Z", false, true, false)]
    [InlineData("disabled-until-sometime", "disabled-until-sometime", true, true, false)]
    public void Parse_reads_each_state(string? raw, string value, bool inForce, bool off, bool cooldown)
    {
        var protection = DeregistrationProtection.Parse(raw);
        Assert.Equal(value, protection.Value);
        Assert.Equal(value, protection.ToString());
        Assert.Equal(inForce, protection.IsInForce(Now));
        Assert.Equal(off, protection.IsOff);
        Assert.Equal(cooldown, protection.HasCooldown);
    }

    [Fact]
    public void Until_is_the_end_of_the_cooldown_as_AWS_wrote_it()
    {
        Assert.Equal("2025-06-02T12:00:00.000Z", DeregistrationProtection.Parse("disabled-until-2025-06-02T12:00:00.000Z").Until);
        Assert.Null(DeregistrationProtection.Parse("enabled-with-cooldown").Until);
        Assert.Null(DeregistrationProtection.Parse(null).Until);
    }

    [Fact]
    public void IsOn_tells_the_cooldown_apart()
    {
        Assert.True(DeregistrationProtection.Parse("enabled-with-cooldown").IsOn(withCooldown: true));
        Assert.False(DeregistrationProtection.Parse("enabled-with-cooldown").IsOn(withCooldown: false));
        Assert.True(DeregistrationProtection.Parse("enabled-without-cooldown").IsOn(withCooldown: false));
        Assert.False(DeregistrationProtection.Parse("disabled").IsOn(withCooldown: false));
    }
}
