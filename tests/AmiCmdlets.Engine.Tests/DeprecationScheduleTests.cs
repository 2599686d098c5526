using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Tests;

public sealed class DeprecationScheduleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 5, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(59, 1)]
    public void RoundsSecondsToTheNearestMinuteAsEc2Does(int seconds, int addMinutes)
    {
        var at = new DateTime(2027, 1, 1, 10, 15, seconds, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2027, 1, 1, 10, 15 + addMinutes, 0, DateTimeKind.Utc), DeprecationSchedule.Normalize(at, Now, false, null));
    }

    [Fact]
    public void LocalTimesBecomeUtc()
    {
        var local = new DateTime(2027, 1, 1, 10, 15, 0, DateTimeKind.Local);
        var normalized = DeprecationSchedule.Normalize(local, Now, false, null);
        Assert.Equal(DateTimeKind.Utc, normalized.Kind);
        Assert.Equal(local.ToUniversalTime(), normalized);
    }

    [Fact]
    public void PastAndTooFarAreRefused()
    {
        Assert.Equal("InvalidDeprecationTime", Assert.Throws<AmiOperationException>(() => DeprecationSchedule.Normalize(Now.AddMinutes(-5), Now, false, "ami-1")).ErrorId);
        Assert.Throws<AmiOperationException>(() => DeprecationSchedule.Normalize(Now.AddYears(10).AddDays(1), Now, false, null));
        DeprecationSchedule.Normalize(Now.AddYears(9), Now, false, null);
        var error = Assert.Throws<AmiOperationException>(() => DeprecationSchedule.Normalize(Now.AddYears(3), Now, true, null));
        Assert.Contains("public", error.Message);
    }

    public static TheoryData<DateTime> Extremes() => new()
    {
        DateTime.MaxValue, DateTime.MinValue, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Local),
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Local), DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        DateTime.MaxValue.AddSeconds(-29), new DateTime(1601, 1, 1), new DateTime(3000, 1, 1, 0, 0, 0, DateTimeKind.Local),
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void ExtremesAreInvalidDeprecationTimeStatingTheRangeNeverAnOverflow(DateTime value)
    {
        foreach (var isPublic in new[] { false, true })
        {
            var error = Assert.Throws<AmiOperationException>(() => DeprecationSchedule.Normalize(value, Now, isPublic, "ami-1", DateTime.MinValue));
            Assert.Equal("InvalidDeprecationTime", error.ErrorId);
            Assert.Contains("between 2026-11-26 05:01:00 UTC and 2036-11-26 05:00:00 UTC", error.Message);
        }
    }

    [Fact]
    public void TheLastMinuteOfTenYearsIsTaken() =>
        Assert.Equal(Now.AddYears(10), DeprecationSchedule.Normalize(Now.AddYears(10).AddSeconds(29), Now, false, null));

    [Fact]
    public void WaitPolicyStartsFastAndBacksOffToTheMaximum()
    {
        var policy = new WaitPolicy(TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.IntervalAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.IntervalAfter(1));
        Assert.True(policy.IntervalAfter(3) < TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(15), policy.IntervalAfter(10));
        // Never more calls than the AWS waiter (one per 15 s) once backed off, and within the first
        // 60 s, at most 8 polls against the waiter's 4: the price of seeing a quick image 13 s sooner.
        var elapsed = TimeSpan.Zero; var polls = 0;
        while (elapsed < TimeSpan.FromSeconds(60)) elapsed += policy.IntervalAfter(polls++);
        Assert.InRange(polls, 4, 8);
    }
}
