using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>One source image and the connection to its region.</summary>
public sealed class CopySource
{
    public CopySource(ResolvedConnection connection, string imageId)
    {
        Connection = connection;
        ImageId = imageId;
    }

    public ResolvedConnection Connection { get; }
    public string ImageId { get; }
}
