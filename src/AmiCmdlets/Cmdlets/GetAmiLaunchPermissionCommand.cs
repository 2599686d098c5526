using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Lists who may launch your images, and whether each account can also copy them (snapshots, KMS grants).</summary>
[Cmdlet(VerbsCommon.Get, "AmiLaunchPermission")]
[OutputType(typeof(AmiLaunchPermission))]
public sealed class GetAmiLaunchPermissionCommand : ImageCommandBase
{
    private readonly List<SharingTarget> _targets = new List<SharingTarget>();

    protected override void ProcessRecord()
    {
        if (!(Connect(Region) is { } connection)) return;
        foreach (var id in ImageId) _targets.Add(new SharingTarget(connection, id));
    }

    protected override void EndProcessing()
    {
        if (_targets.Count == 0) return;
        var listing = new LaunchPermissionListing(Clients);
        Run((events, token) => listing.ListAsync(_targets, events, token));
    }
}
