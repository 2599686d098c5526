using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Usage;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Who still uses images: the owner's own instances, launch templates and other references, and other
/// accounts' use from image usage reports (a report made in the last 24 hours is reused unless -Refresh).
/// </summary>
[Cmdlet(VerbsCommon.Get, "AmiUsage")]
[OutputType(typeof(AmiUsage))]
public sealed class GetAmiUsageCommand : ImageCommandBase
{
    private readonly RegionBatchCollector _images = new RegionBatchCollector();

    /// <summary>Report on these accounts only; default: every account.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.AccountId)]
    [ValidatePattern(ResourceIds.AccountIdPattern)]
    public string[]? ConsumerAccountId { get; set; }

    /// <summary>Make new usage reports even where one from the last 24 hours exists.</summary>
    [Parameter]
    public SwitchParameter Refresh { get; set; }

    /// <summary>How long to wait for the usage reports.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecord() => _images.Add(Connect(Region), ImageId);

    protected override void EndProcessing()
    {
        if (_images.IsEmpty) return;
        var options = new UsageReportOptions
        {
            ConsumerAccountIds = ConsumerAccountId ?? new string[0],
            Refresh = Refresh,
            Policy = AmiSessionContext.WaitPolicy(TimeoutSec),
        };
        var batches = _images.ToBatches();
        Run((events, token) => new AmiUsageReader(Clients).ReadAsync(batches, options, events, token));
    }
}
