using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Usage;

/// <summary>Which image usage report answers for an image, and whether to make and wait for one.</summary>
public sealed class UsageReportOptions
{
    /// <summary>How old a report may be and still answer. The rule: one made in the last 24 hours is reused.</summary>
    public static readonly TimeSpan DefaultReuseWithin = TimeSpan.FromHours(24);

    /// <summary>The accounts to report on; empty: every account (also those that lost their launch permission but still run the image).</summary>
    public IReadOnlyList<string> ConsumerAccountIds { get; set; } = new string[0];

    /// <summary>The oldest report that still answers; null: any report AWS still keeps (30 days).</summary>
    public TimeSpan? ReuseWithin { get; set; } = DefaultReuseWithin;

    /// <summary>Make a report for an image that has none (and wait for it); false: only look at the existing ones.</summary>
    public bool CreateMissing { get; set; } = true;

    /// <summary>-Refresh: a new report for every image, whatever exists.</summary>
    public bool Refresh { get; set; }

    public WaitPolicy Policy { get; set; } = new WaitPolicy(TimeSpan.FromMinutes(30));

    /// <summary>Only the reports that exist: what Remove-AmiWithSnapshots reads without -CheckOtherAccounts.</summary>
    public static UsageReportOptions ExistingOnly() => new UsageReportOptions { ReuseWithin = null, CreateMissing = false };
}
