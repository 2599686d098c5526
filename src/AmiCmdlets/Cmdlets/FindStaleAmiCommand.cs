using System;
using System.Collections;
using System.Management.Automation;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Finds images that retention says can go (keep the newest N per family, older than D days), never ones still in use.</summary>
[Cmdlet(VerbsCommon.Find, "StaleAmi")]
[OutputType(typeof(AmiCleanupCandidate))]
public sealed class FindStaleAmiCommand : AmiCmdletBase
{
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateTagTable(Filter = true)]
    public Hashtable? Tag { get; set; }

    /// <summary>Name (default: the name without its trailing date, timestamp or version) or Tag:&lt;key&gt;.</summary>
    [Parameter]
    [ValidateGroupBy]
    public string GroupBy { get; set; } = "Name";

    [Parameter]
    [ValidateRange(0, 10000)]
    public int KeepLatest { get; set; } = 3;

    [Parameter]
    [ValidateRange(0, 36500)]
    public int OlderThanDays { get; set; } = 30;

    [Parameter]
    public SwitchParameter IncludeInUse { get; set; }

    /// <summary>Only images nobody launched for this many days (never-launched ones: since creation).</summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int NotLaunchedForDays { get; set; }

    /// <summary>Check every candidate's use by other accounts with an image usage report.</summary>
    [Parameter]
    public SwitchParameter CheckOtherAccounts { get; set; }

    /// <summary>How long to wait for the usage reports of -CheckOtherAccounts.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    [Parameter]
    [ValidateRange(0.0, StaleImageQuery.MaxPricePerGiBMonth)]
    public decimal? SnapshotPricePerGiBMonth { get; set; }

    protected override void ProcessRecord()
    {
        var regions = ConnectAll(Region);
        var query = new StaleImageQuery
        {
            Names = Name ?? new string[0],
            Tags = TagTable.From(Tag),
            GroupByTag = GroupBy.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase) ? GroupBy.Substring(4) : null,
            KeepLatest = KeepLatest,
            OlderThanDays = OlderThanDays,
            IncludeInUse = IncludeInUse,
            Prices = SnapshotPriceTable.Default.With(SnapshotPricePerGiBMonth, null),
            NotLaunchedForDays = MyInvocation.BoundParameters.ContainsKey(nameof(NotLaunchedForDays)) ? NotLaunchedForDays : (int?)null,
            CheckOtherAccounts = CheckOtherAccounts,
            UsagePolicy = AmiSessionContext.WaitPolicy(TimeoutSec),
        };
        var finder = new StaleAmiFinder(Clients);
        Run((events, token) => finder.FindAsync(regions, query, events, token));
    }
}
