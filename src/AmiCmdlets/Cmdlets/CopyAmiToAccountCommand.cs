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
public sealed class CopyAmiToAccountCommand : AmiCmdletBase
{
    private readonly List<CopySource> _sources = new List<CopySource>();
    private readonly Dictionary<string, ResolvedConnection?> _sourcePlaces = new Dictionary<string, ResolvedConnection?>(StringComparer.Ordinal);
    private Dictionary<string, string> _keys = new Dictionary<string, string>();
    private string[]? _targetRoles;

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

    /// <summary>A role to read and share the source with (the source account's), instead of the plain credentials.</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.RoleArn)]
    public string? SourceRoleArn { get; set; }

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
        _targetRoles = RoleArn;
        if (RoleArn == null && RoleName == null && !AmiSessionContext.Current.NamesRoles)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.TargetAccountsNeeded,
                "Copy-AmiToAccount copies into other accounts through their roles: name them with -RoleArn, or -RoleName with -RoleAccountId " +
                "(or Set-AmiContext -RoleName ... -RoleAccountId ...). Nothing was copied.", null));
        }
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
        // A piped image's RoleArn is the role that read it: the source's. The command line's roles stay the targets.
        var pipedRole = RoleArn != null && !ReferenceEquals(RoleArn, _targetRoles) ? RoleArn.FirstOrDefault() : null;
        RoleArn = _targetRoles;
        if (SourcePlace(Region, SourceRoleArn ?? pipedRole) is { } source) _sources.Add(new CopySource(source, ImageId));
    }

    protected override void EndProcessing()
    {
        if (_sources.Count == 0) return;
        RoleArn = _targetRoles;
        var regions = DestinationRegion ?? _sources.Select(s => s.Connection.Region).Distinct(StringComparer.Ordinal).ToArray();
        var targets = ConnectAll(regions);
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

    /// <summary>The source's place: the plain credentials (or <paramref name="role"/>), never the target roles; reached once.</summary>
    private ResolvedConnection? SourcePlace(string? region, string? role)
    {
        var settings = ExplicitSettings(region == null ? null : new[] { region });
        settings.RoleArns = role == null ? Array.Empty<string>() : new[] { role };
        settings.RoleName = null;
        settings.RoleAccountIds = Array.Empty<string>();
        if (role == null) settings.ExternalId = null;
        var context = AmiSessionContext.Current;
        context.RoleArns = Array.Empty<string>();
        context.RoleName = null;
        context.RoleAccountIds = Array.Empty<string>();
        ResolvedConnection place;
        try
        {
            place = Clients.Resolver.ResolveFleet(settings, context)[0];
        }
        catch (AmiOperationException error)
        {
            ThrowTerminatingError(ErrorRecords.From(error));
            throw;
        }
        if (_sourcePlaces.TryGetValue(place.PlaceKey, out var known)) return known;
        ResolvedConnection? reached = null;
        Run(async (events, token) => reached = (await new AccountReach(Clients).ReachAsync(new[] { place }, events, token).ConfigureAwait(false)).FirstOrDefault());
        _sourcePlaces[place.PlaceKey] = reached;
        return reached;
    }
}
