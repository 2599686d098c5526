using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Cost;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// What images' snapshots cost a month: per snapshot its storage tier, full size and the region's price for that tier;
/// per image, or grouped by family, account, region or a tag.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AmiCost", DefaultParameterSetName = Scan)]
[OutputType(typeof(AmiCost), typeof(AmiCostGroup))]
public sealed class GetAmiCostCommand : AmiCmdletBase
{
    private const string Scan = "Scan";
    private const string ById = "ById";

    private readonly RegionBatchCollector _images = new RegionBatchCollector();
    private readonly List<string> _scanRegions = new List<string>();
    private SnapshotPriceTable _prices = SnapshotPriceTable.Default;

    /// <summary>Images to price (piped Ami, AmiCleanupCandidate ...); without it, every image you own in the regions.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string[] ImageId { get; set; } = new string[0];

    [Parameter(ParameterSetName = Scan)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    /// <summary>Family, Account, Region or Tag:&lt;key&gt;: output one total per group instead of one line per image.</summary>
    [Parameter]
    [ValidateGroupBy("Family", "Account", "Region")]
    public string? GroupBy { get; set; }

    /// <summary>The standard-tier price in every region, instead of the table's.</summary>
    [Parameter]
    [ValidateRange(0.0, SnapshotPriceTable.MaxPricePerGiBMonth)]
    public decimal? PricePerGiBMonth { get; set; }

    /// <summary>Prices by tier (standard, archive) or region and tier (eu-west-1/archive), dollars per GiB-month.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? PriceTable { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        Validate(() => _prices = SnapshotPriceTable.Default.With(PricePerGiBMonth, Entries(PriceTable)));
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == Scan)
        {
            _scanRegions.AddRange(Region ?? new string[0]);
            return;
        }
        foreach (var region in Region is { Length: > 0 } ? Region : new string?[] { null }) _images.Add(Connect(region), ImageId);
    }

    protected override void EndProcessing()
    {
        var grouping = CostGrouping.Parse(GroupBy);
        var report = new AmiCostReport(Clients);
        if (ParameterSetName == ById)
        {
            if (_images.IsEmpty) return;
            var batches = _images.ToBatches();
            Run((events, token) => report.ForImagesAsync(batches, _prices, grouping, events, token));
            return;
        }
        var places = ConnectAll(_scanRegions.Count > 0 ? _scanRegions.ToArray() : null);
        Run((events, token) => report.ForPlacesAsync(places, Name ?? new string[0], _prices, grouping, events, token));
    }

    private static IEnumerable<KeyValuePair<string, decimal>>? Entries(Hashtable? table)
    {
        if (table == null) return null;
        return table.Keys.Cast<object>().Select(key =>
        {
            var name = PSValue.Text(key) ?? "";
            try
            {
                return new KeyValuePair<string, decimal>(name, LanguagePrimitives.ConvertTo<decimal>(table[key]));
            }
            catch (PSInvalidCastException)
            {
                throw new AmiOperationException(ErrorIds.InvalidPriceTable, AmiErrorCategory.InvalidArgument, null,
                    "The price for '" + name + "' is not a number of dollars per GiB-month (e.g. 0.0125).");
            }
        }).ToList();
    }
}
