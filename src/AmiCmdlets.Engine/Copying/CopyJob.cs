using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>One source image to one destination, checked and ready for ShouldProcess.</summary>
public sealed class CopyJob : IPlannedChange
{
    internal CopyJob(CopySource source, Ami sourceAmi, ResolvedConnection destination, string name)
    {
        Source = source;
        SourceAmi = sourceAmi;
        Destination = destination;
        Name = name;
    }

    public CopySource Source { get; }
    public Ami SourceAmi { get; }
    public ResolvedConnection Destination { get; }
    public string Name { get; }
    public bool Encrypted { get; internal set; }
    public string? KmsKeyId { get; internal set; }
    public string? KmsKeyArn { get; internal set; }

    /// <summary>A copy an earlier run already made: output it, copy nothing.</summary>
    public Ami? Existing { get; internal set; }

    public bool AlreadyDone => Existing != null;

    /// <summary>A failed copy an earlier run left with this name: deregistered before copying again.</summary>
    public string? ReplacesFailedCopy { get; internal set; }

    public string Target => ConfirmationTarget.For(Source.ImageId, SourceAmi.Name, Source.Connection);

    public string Action => "Copy to " + Execution.PlaceFanOut.NameOf(Destination) + " as '" + Name + "'" +
        (KmsKeyId != null ? ", encrypted with " + KmsKeyId : Encrypted ? ", encrypted with the region's default EBS key" : "") +
        (ReplacesFailedCopy != null ? ", replacing the failed copy " + ReplacesFailedCopy : "");

    // Names are unique per account and region: the place (identity and region), not the region alone.
    internal string NameKey => NameKeyOf(Destination, Name);

    internal static string NameKeyOf(ResolvedConnection destination, string? name) => destination.PlaceKey + "|" + name;

    /// <summary>Whether an image holding this job's name is this source's copy (an earlier run's), not another image.</summary>
    internal bool IsCopyOfSource(Ami image) =>
        image.SourceImageId == Source.ImageId && (image.SourceRegion == null || image.SourceRegion == Source.Connection.Region);
}
