using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>One source image and the connection to its region.</summary>
public sealed class CopySource(ResolvedConnection connection, string imageId)
{
    public ResolvedConnection Connection { get; } = connection;
    public string ImageId { get; } = imageId;
}
