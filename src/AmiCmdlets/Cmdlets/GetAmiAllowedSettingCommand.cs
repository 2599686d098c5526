using System.Management.Automation;
using AmiCmdlets.Engine.Governance;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>The Allowed AMIs settings (state, criteria, who manages them) of every account and region named.</summary>
[Cmdlet(VerbsCommon.Get, "AmiAllowedSetting")]
[OutputType(typeof(AmiAllowedSetting))]
public sealed class GetAmiAllowedSettingCommand : AmiCmdletBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    protected override void ProcessRecord()
    {
        var places = ConnectAll(Region);
        if (places.Count == 0) return;
        var reader = new AllowedImagesSettingsReader(Clients);
        Run((events, token) => reader.ReadAllAsync(places, events, token));
    }
}
