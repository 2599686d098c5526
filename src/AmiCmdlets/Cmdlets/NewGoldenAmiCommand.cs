using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Trust;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Captures a golden image from an instance, tagged at creation, optionally waiting until it is available.</summary>
[Cmdlet(VerbsCommon.New, "GoldenAmi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class NewGoldenAmiCommand : AmiCmdletBase
{
    private readonly List<(ResolvedConnection Connection, Ami Created)> _created = new List<(ResolvedConnection, Ami)>();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateResourceId(ResourceIdKind.InstanceId)]
    [ValidatePattern(ResourceIds.InstanceIdPattern)]
    public string InstanceId { get; set; } = "";

    /// <summary>The AMI name or a template with {date}, {timestamp}, {instance}, {name}.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateLength(0, 255)]
    public string? Description { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    [Parameter]
    public SwitchParameter NoReboot { get; set; }

    [Parameter]
    [ValidateTagTable]
    public Hashtable? Tag { get; set; }

    [Parameter]
    [ValidateTagTable]
    public Hashtable? SnapshotTag { get; set; }

    [Parameter]
    public SwitchParameter CopyInstanceTags { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ExcludeDevice { get; set; }

    [Parameter]
    public DateTime? DeprecateAt { get; set; }

    [Parameter]
    public SwitchParameter EnableDeregistrationProtection { get; set; }

    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 3600;

    [Parameter]
    public SwitchParameter CleanupOnFailure { get; set; }

    /// <summary>Capture only when the instance's image passes the trust policy (Test-AmiTrust's, with the parameters below).</summary>
    [Parameter]
    public SwitchParameter RequireTrustedSource { get; set; }

    [Parameter]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.Owner)]
    [ValidatePattern(ResourceIds.OwnerPattern)]
    public string[]? TrustedOwner { get; set; }

    [Parameter]
    [ValidateRange(0, 36500)]
    public int? MaxAgeDays { get; set; }

    [Parameter]
    public SwitchParameter AllowMarketplace { get; set; }

    [Parameter]
    public SwitchParameter AllowCommunity { get; set; }

    [Parameter]
    [ValidateRange(0, 100000)]
    public int? MaxCriticalFindings { get; set; }

    private DateTime? _deprecateAtUtc;

    protected override void BeginProcessing()
    {
        // Everything that can be checked without AWS is checked before the first call.
        Validate(() => NameTemplate.Validate(Name));
        if (DeprecateAt is DateTime deprecateAt) Validate(() => _deprecateAtUtc = DeprecationSchedule.Normalize(deprecateAt, DateTime.UtcNow, isPublic: false, target: Name));
    }

    protected override void ProcessRecord()
    {
        if (!(Connect(Region) is { } connection)) return;
        var capture = new GoldenImageCapture(Clients);
        var request = new CaptureRequest
        {
            InstanceId = InstanceId,
            NameTemplate = Name,
            Description = Description,
            NoReboot = NoReboot,
            Tags = TagTable.From(Tag),
            SnapshotTags = TagTable.From(SnapshotTag),
            CopyInstanceTags = CopyInstanceTags,
            ExcludeDevices = ExcludeDevice ?? new string[0],
            DeprecateAtUtc = _deprecateAtUtc,
            EnableDeregistrationProtection = EnableDeregistrationProtection,
            TrustPolicy = RequireTrustedSource ? new AmiTrustPolicy
            {
                TrustedOwners = TrustedOwner ?? new string[0],
                MaxAgeDays = MaxAgeDays,
                AllowMarketplace = AllowMarketplace,
                AllowCommunity = AllowCommunity,
                MaxCriticalFindings = MaxCriticalFindings,
            } : null,
        };
        if (!TryRun((events, token) => capture.PlanAsync(connection, request, token), out var plan)) return;
        if (!ShouldProcess(ConfirmationTarget.For(InstanceId, null, connection), plan.Summary)) return;
        if (!TryRun((events, token) => capture.CreateAsync(connection, plan, events, token), out var created)) return;

        if (Wait) _created.Add((connection, created));
        else WriteObject(created);
    }

    protected override void EndProcessing()
    {
        if (_created.Count == 0) return;
        var policy = AmiSessionContext.WaitPolicy(TimeoutSec).ForNewImages();
        // Available images stream out as they arrive; failures and time-outs end the command afterwards.
        Run((events, token) => new GoldenImageCapture(Clients).WaitAsync(_created, CleanupOnFailure, policy, events, token));
    }
}
