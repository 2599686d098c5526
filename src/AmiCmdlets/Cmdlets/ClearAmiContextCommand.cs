using System.Management.Automation;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Forgets the defaults Set-AmiContext stored, and every cached client and assumed-role session.</summary>
[Cmdlet(VerbsCommon.Clear, "AmiContext")]
[OutputType(typeof(void))]
public sealed class ClearAmiContextCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        AmiSessionContext.Clear();
        AwsClientFactory.Shared.Reset();
        WriteVerbose("AmiCmdlets context cleared.");
    }
}
