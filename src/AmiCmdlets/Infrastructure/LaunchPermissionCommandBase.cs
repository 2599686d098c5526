using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Grant- and Revoke-AmiLaunchPermission: gather the piped images with their principals, plan all of them in
/// one engine call, confirm each image's changes, then make the approved ones.
/// </summary>
public abstract class LaunchPermissionCommandBase : ImageCommandBase
{
    private readonly List<SharingTarget> _targets = new List<SharingTarget>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected void Add(IReadOnlyList<SharingPrincipal> principals)
    {
        if (!(Connect(Region) is { } connection)) return;
        foreach (var id in ImageId) _targets.Add(new SharingTarget(connection, id, principals));
    }

    /// <summary>From EndProcessing: <paramref name="plan"/> is Grant's or Revoke's plan phase for every gathered image.</summary>
    protected void Share(Func<LaunchPermissionSharing, IReadOnlyList<SharingTarget>, EngineEventStream, CancellationToken, Task<IReadOnlyList<LaunchPermissionPlan>>> plan)
    {
        if (_targets.Count == 0) return;
        var sharing = new LaunchPermissionSharing(Clients);
        IReadOnlyList<LaunchPermissionPlan> plans = new LaunchPermissionPlan[0];
        Run(async (events, token) => plans = await plan(sharing, _targets, events, token).ConfigureAwait(false));
        var approved = Confirm(plans);
        if (approved.Count > 0) Run((events, token) => sharing.ExecuteAsync(approved, PassThru, events, token));
    }
}
