using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>A copy made (or found) in a destination region.</summary>
public sealed class CopyOutcome
{
    public CopyOutcome(ResolvedConnection destination, Ami copy)
    {
        Destination = destination;
        Copy = copy;
    }

    public ResolvedConnection Destination { get; }
    public Ami Copy { get; }
}
