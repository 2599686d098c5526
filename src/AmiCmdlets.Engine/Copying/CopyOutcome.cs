using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>A copy made (or found) in a destination region.</summary>
public sealed class CopyOutcome(ResolvedConnection destination, Ami copy)
{
    public ResolvedConnection Destination { get; } = destination;
    public Ami Copy { get; } = copy;
}
