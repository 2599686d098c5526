using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Lineage;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Where an image comes from: the chain of copies and captures back to its root, across regions (GetImageAncestry).</summary>
[Cmdlet(VerbsCommon.Get, "AmiAncestry")]
[OutputType(typeof(AmiAncestryEntry))]
public sealed class GetAmiAncestryCommand : ImageCommandBase
{
    protected override void ProcessRecord()
    {
        if (Connect(Region) is not { } place) return;
        var reader = new AmiAncestryReader(Clients);
        foreach (var imageId in ImageId)
        {
            if (!TryRun((_, token) => reader.ReadAsync(place, imageId, token), out IReadOnlyList<AmiAncestryEntry> chain)) continue;
            foreach (var entry in chain) WriteObject(entry);
        }
    }
}
