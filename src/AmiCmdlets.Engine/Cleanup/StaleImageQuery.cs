using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Cleanup;

/// <summary>What Find-StaleAmi looks for. Defaults follow aws-amicleaner: keep 3 per family, older than 30 days.</summary>
public sealed class StaleImageQuery
{
    /// <summary>
    /// The largest -SnapshotPricePerGiBMonth taken. A double, not an int: PowerShell's ValidateRange converts the
    /// decimal argument to the bounds' type first, so int bounds passed 100.4 as 100 and failed [decimal]::MaxValue
    /// with a type-mismatch message instead of the range.
    /// </summary>
    public const double MaxPricePerGiBMonth = SnapshotPriceTable.MaxPricePerGiBMonth;

    public IReadOnlyList<string> Names { get; set; } = new string[0];
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

    /// <summary>Null: families by name. Otherwise the tag key whose value is the family.</summary>
    public string? GroupByTag { get; set; }
    public int KeepLatest { get; set; } = 3;
    public int OlderThanDays { get; set; } = 30;
    public bool IncludeInUse { get; set; }
    /// <summary>The one price table (<see cref="SnapshotPriceTable"/>), with the user's overrides.</summary>
    public SnapshotPriceTable Prices { get; set; } = SnapshotPriceTable.Default;

    /// <summary>-NotLaunchedForDays: null, no launch rule; otherwise see <see cref="LaunchRecency"/>.</summary>
    public int? NotLaunchedForDays { get; set; }

    /// <summary>-CheckOtherAccounts: every candidate's use by other accounts from an image usage report.</summary>
    public bool CheckOtherAccounts { get; set; }

    /// <summary>How the usage reports are waited for.</summary>
    public WaitPolicy UsagePolicy { get; set; } = new WaitPolicy(TimeSpan.FromMinutes(30));
}
