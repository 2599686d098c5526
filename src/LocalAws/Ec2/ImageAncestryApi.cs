using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// GetImageAncestry: from the given image back to its root, one entry per image. A copy's parent is its source
/// (SourceImageId in SourceImageRegion); a capture's parent is the image of the instance CreateImage captured.
/// The chain ends where a parent is unknown or no longer exists (a guess: AWS says only "back to the root AMI").
/// </summary>
internal static class ImageAncestryApi
{
    // A chain that loops (never on AWS) must not hang the emulator.
    private const int MaxDepth = 100;

    public static AwsResponse GetImageAncestry(AwsCall call)
    {
        var imageId = call.Params.Get("ImageId") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ImageId");
        var image = Ec2Common.VisibleImage(call, imageId);
        var xml = Ec2Api.Begin(call).Open("imageAncestryEntrySet");
        var region = call.Region;
        for (var depth = 0; image is not null && depth < MaxDepth; depth++)
        {
            var (parentId, parentRegion) = ParentOf(image, region);
            xml.Open("item")
                .Elem("creationDate", image.CreationDate)
                .Elem("imageId", image.ImageId)
                .Elem("imageOwnerAlias", image.OwnerAlias)
                .Elem("sourceImageId", parentId)
                .Elem("sourceImageRegion", parentId is null ? null : parentRegion)
                .Close();
            image = parentId is null ? null : call.State.Images(parentRegion).Find(parentId);
            region = parentRegion;
        }
        xml.Close();
        return Ec2Api.End(xml);
    }

    private static (string? Id, string Region) ParentOf(Image image, string region) =>
        image.SourceImageId is { } copied ? (copied, image.SourceImageRegion ?? region) : (image.CapturedFromImageId, region);
}
