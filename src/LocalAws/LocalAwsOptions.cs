namespace LocalAws;

public sealed class LocalAwsOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>How long images created by the API stay "pending" (default for every region).</summary>
    public double PendingSeconds { get; set; }

    /// <summary>
    /// How long a deregistered image is still listed by DescribeImages with state "deregistered" (default for every
    /// region; AWS: "a short interval", length not published, 3600 s is a guess). 0 skips straight to "empty
    /// results" (an instance still uses it) or InvalidAMIID.NotFound.
    /// </summary>
    public double DeregisteredVisibleSeconds { get; set; } = Model.EmulatorState.DefaultDeregisteredVisibleSeconds;

    /// <summary>
    /// How many generated accounts to add after the three fixed ones (command line <c>--accounts n</c>):
    /// 100000000001, 100000000002, ... with keys from <see cref="LocalAwsAccounts.AccessKeyFor"/>.
    /// </summary>
    public int GeneratedAccounts { get; set; }

    /// <summary>More accounts by id (12 digits; command line <c>--account id</c>, repeatable), added after the generated ones.</summary>
    public IList<string> AccountIds { get; } = new List<string>();

    /// <summary>Clock for creation dates, deprecation and pending times; tests may substitute a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
