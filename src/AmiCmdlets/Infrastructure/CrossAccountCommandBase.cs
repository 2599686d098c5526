using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Input;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Commands that act from a source account into other accounts (Copy-AmiToAccount, Sync-AmiTag): -RoleArn, or -RoleName
/// with -RoleAccountId (or the context's fleet), name the TARGET accounts; the source is read with the plain credentials
/// (-ProfileName, -Credential, the default chain), with -SourceRoleArn, or through the role a piped image was read with.
/// </summary>
public abstract class CrossAccountCommandBase : AmiCmdletBase
{
    private readonly Dictionary<string, ResolvedConnection?> _sourcePlaces = new Dictionary<string, ResolvedConnection?>(StringComparer.Ordinal);
    private string[]? _targetRoles;

    /// <summary>A role to read the source with (the source account's), instead of the plain credentials.</summary>
    [Parameter]
    [ValidateResourceId(ResourceIdKind.RoleArn)]
    [ValidatePattern(ResourceIds.RoleArnPattern)]
    public string? SourceRoleArn { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _targetRoles = RoleArn;
        if (RoleArn == null && RoleName == null && !AmiSessionContext.Current.NamesRoles)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.TargetAccountsNeeded,
                MyInvocation.MyCommand.Name + " acts in other accounts through their roles: name them with -RoleArn, or -RoleName with -RoleAccountId " +
                "(or Set-AmiContext -RoleName ... -RoleAccountId ...). Nothing was done.", null));
        }
    }

    /// <summary>
    /// The place of the current pipeline item's source. A piped image's RoleArn is the role that read it (the source's);
    /// the command line's roles are put back as the targets.
    /// </summary>
    protected ResolvedConnection? SourcePlace(string? region)
    {
        var pipedRole = RoleArn != null && !ReferenceEquals(RoleArn, _targetRoles) ? RoleArn.FirstOrDefault() : null;
        RoleArn = _targetRoles;
        var role = SourceRoleArn ?? pipedRole;
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
            throw; // unreachable: ThrowTerminatingError always throws
        }
        if (_sourcePlaces.TryGetValue(place.PlaceKey, out var known)) return known;
        ResolvedConnection? reached = null;
        Run(async (events, token) => reached = (await new AccountReach(Clients).ReachAsync(new[] { place }, events, token).ConfigureAwait(false)).FirstOrDefault());
        _sourcePlaces[place.PlaceKey] = reached;
        return reached;
    }

    /// <summary>Every target account in each of <paramref name="regions"/>, reached.</summary>
    protected List<ResolvedConnection> TargetPlaces(string[] regions)
    {
        RoleArn = _targetRoles;
        return ConnectAll(regions);
    }
}
