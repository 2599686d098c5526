using Amazon.EC2.Model;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Images;

/// <summary>One image a command may change: found in its region and owned by the caller.</summary>
internal sealed class OwnedImage
{
    public OwnedImage(ResolvedConnection connection, Image image)
    {
        Connection = connection;
        Image = image;
        Ami = AmiMapper.ToAmi(image, connection, callerAccount: image.OwnerId);
        Protection = DeregistrationProtection.Parse(image.DeregistrationProtection);
    }

    public ResolvedConnection Connection { get; }

    /// <summary>The SDK's view, for what <see cref="AmiCmdlets.Ami"/> flattens (the exact protection state).</summary>
    public Image Image { get; }
    public Ami Ami { get; }
    public string ImageId => Ami.ImageId;
    public string Region => Connection.Region;
    public DeregistrationProtection Protection { get; }
}
