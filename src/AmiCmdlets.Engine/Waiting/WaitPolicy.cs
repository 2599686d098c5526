using System;

namespace AmiCmdlets.Engine.Waiting;

/// <summary>
/// How we poll: start fast and back off. The AWS waiter polls every 15 s from the start; we see a
/// quick image sooner and, once backed off to the same 15 s, never call more often.
/// </summary>
public sealed class WaitPolicy
{
    public static readonly TimeSpan DefaultInitialInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultMaxInterval = TimeSpan.FromSeconds(15);
    public const double Growth = 1.5;

    public WaitPolicy(TimeSpan timeout, TimeSpan? initialInterval = null, TimeSpan? maxInterval = null)
    {
        Timeout = timeout;
        InitialInterval = initialInterval ?? DefaultInitialInterval;
        MaxInterval = maxInterval ?? DefaultMaxInterval;
        if (MaxInterval < InitialInterval) MaxInterval = InitialInterval;
    }

    public TimeSpan Timeout { get; }
    public TimeSpan InitialInterval { get; }
    public TimeSpan MaxInterval { get; }

    /// <summary>How long an image that was never listed may stay unlisted before it counts as missing.</summary>
    public TimeSpan MissingGrace { get; private set; }

    /// <summary>For images this command just created: EC2 may not list a new image for a few seconds.</summary>
    public WaitPolicy ForNewImages() => new WaitPolicy(Timeout, InitialInterval, MaxInterval) { MissingGrace = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// The pause after the <paramref name="failedPolls"/>-th poll in a row that failed transiently (throttled,
    /// 5xx, timed out): doubling from the initial interval up to the maximum, with "equal jitter" (half fixed,
    /// half random by <paramref name="jitter"/> in [0, 1)) so many waiters throttled together do not retry together.
    /// </summary>
    public TimeSpan RetryAfter(int failedPolls, double jitter)
    {
        var ceiling = Math.Min(MaxInterval.TotalSeconds, InitialInterval.TotalSeconds * Math.Pow(2, Math.Max(0, failedPolls - 1)));
        return TimeSpan.FromSeconds(ceiling / 2 + ceiling / 2 * Math.Max(0, Math.Min(1, jitter)));
    }

    /// <summary>The pause before poll number <paramref name="poll"/> (0 = the pause after the first look).</summary>
    public TimeSpan IntervalAfter(int poll)
    {
        var seconds = InitialInterval.TotalSeconds * Math.Pow(Growth, poll);
        return seconds >= MaxInterval.TotalSeconds ? MaxInterval : TimeSpan.FromSeconds(seconds);
    }
}
