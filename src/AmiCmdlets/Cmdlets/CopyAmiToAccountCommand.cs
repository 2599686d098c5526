using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Gives each target account a copy of its own (made by that account through its role, re-encrypted with its key), so
/// the source can be retired later. -RoleArn, or -RoleName with -RoleAccountId, name the TARGET accounts; the source is
/// read with the plain credentials (profile, keys) or -SourceRoleArn, or the role of a piped image.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "AmiToAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class CopyAmiToAccountCommand : CrossAccountCommandBase
{
    private readonly List<CopySource> _sources = new List<CopySource>();
    private Dictionary<string, string> _keys = new Dictionary<string, string>();

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

    /// <summary>Where the copies go in each target account; the source's region when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? DestinationRegion { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    [ValidateLength(0, 255)]
    public string? Description { get; set; }

    [Parameter]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(KmsAliasCompleter))]
    public object? KmsKeyId { get; set; }

    [Parameter]
    public SwitchParameter CopyTags { get; set; } = true;

    [Parameter]
    [ValidateTagTable]
    public Hashtable? Tag { get; set; }

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
        if (Name != null) Validate(() => NameTemplate.Validate(Name));
        try
        {
            _keys = KmsKeyArgument.ParseForAccounts(KmsKeyId);
        }
        catch (ArgumentException invalid)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("InvalidKmsKeyId", invalid.Message, KmsKeyId));
        }
    }

    protected override void ProcessRecord()
    {
        if (SourcePlace(Region) is { } source) _sources.Add(new CopySource(source, ImageId));
    }

    protected override void EndProcessing()
    {
        if (_sources.Count == 0) return;
        var regions = DestinationRegion ?? _sources.Select(s => s.Connection.Region).Distinct(StringComparer.Ordinal).ToArray();
        var targets = TargetPlaces(regions);
        if (targets.Count == 0) return;
        var request = new CopyRequest
        {
            Sources = _sources,
            DestinationPlaces = targets,
            NameTemplate = Name,
            Description = Description,
            KmsKeyIds = _keys,
            CopySourceTags = CopyTags,
            Tags = TagTable.From(Tag),
            ThrottleLimit = ThrottleLimit,
        };
        var copy = new AccountCopy(Clients);
        if (!TryRun((events, token) => copy.PlanAsync(request, events, token), out var plan)) return;
        var sharing = Confirm(plan.Sharing);
        var copies = Confirm(plan.Copies);
        if (copies.Count == 0) return;
        var wait = Wait ? AmiSessionContext.WaitPolicy(TimeoutSec).ForNewImages() : null;
        Run((events, token) => copy.ExecuteAsync(request, sharing, copies, wait, events, token));
    }
}
