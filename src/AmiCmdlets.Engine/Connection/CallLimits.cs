namespace AmiCmdlets.Engine.Connection;

/// <summary>How many AWS calls the module may have in flight, beside the retry settings of the client factory.</summary>
public static class CallLimits
{
    /// <summary>
    /// The most calls of one kind in flight any cmdlet allows in one operation (Copy-AmiToRegion -ThrottleLimit's
    /// ceiling; the other per-resource fan-outs use fewer).
    /// </summary>
    public const int MaxInFlight = 50;

    /// <summary>
    /// Places (an account in a region) a fan-out works on at once: a fleet of 20 accounts in 8 regions runs in one
    /// wave (bench/fleet.ps1), while 1,000 accounts in 17 regions do not open 17,000 connections together. EC2
    /// throttles each account in each region on its own, so places do not compete for AWS's limits.
    /// </summary>
    public const int PlacesAtOnce = 200;

    /// <summary>Calls that go one per image or snapshot (attributes, changes, deletes): a few at a time, or EC2 throttles them.</summary>
    public const int PerResourceCalls = 8;

    /// <summary>DescribeImageReferences calls at once: each takes few ids and is slow.</summary>
    public const int ImageReferenceCalls = 4;

    /// <summary>
    /// CreateImageUsageReport calls at once: one per image, and every report's wait starts when it is made, so
    /// hundreds of images must not queue behind a handful of slots (the reports themselves take minutes).
    /// </summary>
    public const int UsageReportCalls = 25;
}
