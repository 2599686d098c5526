using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Copies images to many regions at once, encrypted with your keys, without duplicates on re-runs.</summary>
[Cmdlet(VerbsCommon.Copy, "AmiToRegion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class CopyAmiToRegionCommand : AmiCmdletBase
{
    private readonly List<CopySource> _sources = new List<CopySource>();
    private Dictionary<string, string> _keys = new Dictionary<string, string>();
    private List<string> _destinations = new List<string>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.ImageId)]
    [ValidatePattern(ResourceIds.ImageIdPattern)]
    [ArgumentCompleter(typeof(ImageIdCompleter))]
    public string ImageId { get; set; } = "";

    /// <summary>The source image's region.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[] DestinationRegion { get; set; } = new string[0];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateLength(0, 255)]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter Encrypted { get; set; }

    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(KmsAliasCompleter))]
    public object? KmsKeyId { get; set; }

    [Parameter]
    public SwitchParameter CopyTags { get; set; } = true;

    [Parameter]
    [ValidateTagTable]
    public Hashtable? Tag { get; set; }

    /// <summary>A time-based copy: 15..2880 minutes in 15-minute steps (checked in BeginProcessing, with a message that names the nearest valid values).</summary>
    [Parameter]
    public int? CompletionDurationMinutes { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 3600;

    [Parameter]
    [ValidateRange(1, CallLimits.MaxInFlight)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        Validate(() => CopyCompletionDuration.Validate(CompletionDurationMinutes));
        if (Name != null) Validate(() => NameTemplate.Validate(Name));
        foreach (var destination in DestinationRegion) Validate(() => KnownRegions.Require(destination, "-DestinationRegion"));
        _destinations = DestinationRegion.Distinct().ToList();
        try
        {
            _keys = KmsKeyArgument.Parse(KmsKeyId, _destinations);
        }
        catch (ArgumentException invalid)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("InvalidKmsKeyId", invalid.Message, KmsKeyId));
        }
        if (_keys.Count > 0 && MyInvocation.BoundParameters.ContainsKey(nameof(Encrypted)) && !Encrypted)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("InvalidKmsKeyId", "-KmsKeyId encrypts the copies; it cannot go with -Encrypted:$false.", KmsKeyId));
        }
    }

    protected override void ProcessRecord()
    {
        if (Connect(Region) is { } source) _sources.Add(new CopySource(source, ImageId));
    }

    protected override void EndProcessing()
    {
        if (_sources.Count == 0) return;
        var request = new CopyRequest
        {
            Sources = _sources,
            Destinations = _destinations,
            NameTemplate = Name,
            Description = Description,
            Encrypted = MyInvocation.BoundParameters.ContainsKey(nameof(Encrypted)) ? Encrypted.IsPresent : (bool?)null,
            KmsKeyIds = _keys,
            CopySourceTags = CopyTags,
            Tags = TagTable.From(Tag),
            ThrottleLimit = ThrottleLimit,
            CompletionDurationMinutes = CompletionDurationMinutes,
        };
        var fanOut = new CopyFanOut(Clients);
        if (!TryRun((events, token) => fanOut.PlanAsync(request, events, token), out var jobs)) return;
        var approved = Confirm(jobs);
        if (approved.Count == 0) return;

        if (Wait) Run((events, token) => fanOut.ExecuteAndWaitAsync(request, approved, AmiSessionContext.WaitPolicy(TimeoutSec).ForNewImages(), events, token));
        else Run((events, token) => fanOut.ExecuteAsync(request, approved, outputAsCreated: true, events, token));
    }
}
