using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Identity;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Shows the resolved region, credentials, endpoint and role, and who STS says you are.</summary>
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
        var connection = Connect(Region);
        var reader = new CallerIdentityReader(Clients);
        if (NoIdentity)
        {
            WriteObject(reader.Describe(connection));
            return;
        }
        try
        {
            WriteObject(reader.DescribeAsync(connection, CancellationToken).GetAwaiter().GetResult());
        }
        catch (AmiOperationException error)
        {
            // The settings still help to see what is wrong with them.
            WriteError(ErrorRecords.From(Explain(error)));
            WriteObject(reader.Describe(connection));
        }
    }
}
