using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Shows the resolved region, credentials, endpoint and role, and who STS says you are: one row per account of a fleet.</summary>
[Cmdlet(VerbsCommon.Get, "AmiContext")]
[OutputType(typeof(AmiContextInfo))]
public sealed class GetAmiContextCommand : AmiCmdletBase
{
    [Parameter(Position = 0)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>Show the settings without asking STS for the identity (no call to AWS).</summary>
    [Parameter]
    public SwitchParameter NoIdentity { get; set; }

    protected override void EndProcessing()
    {
        var places = Resolve(Region == null ? null : new[] { Region });
        var reader = new CallerIdentityReader(Clients);
        if (NoIdentity)
        {
            foreach (var place in places.GroupBy(p => p.IdentityKey).Select(g => g.First()))
                WriteObject(reader.Describe(place));
            return;
        }
        Run((events, token) => reader.DescribeEachAsync(places, events, token));
    }
}
