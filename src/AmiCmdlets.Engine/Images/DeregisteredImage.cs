using System.Collections.Generic;
using System.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// The one rule for "this image is gone". EC2 answers a deregistered image three ways over time (DescribeImages:
/// "Recently deregistered images appear in the returned results for a short interval and then return empty
/// results. After all instances that reference a deregistered AMI are terminated, specifying the ID of the
/// image will eventually return an error"): listed with state <c>deregistered</c>, not listed, or
/// InvalidAMIID.NotFound. Every reader treats the first like the other two: the image does not exist.
/// </summary>
internal static class DeregisteredImage
{
    public static bool Is(Image image) => image.State == ImageState.Deregistered;

    /// <summary>The images that still exist, from a response list that may be null.</summary>
    public static List<Image> Without(IEnumerable<Image>? images) => (images ?? Enumerable.Empty<Image>()).Where(i => !Is(i)).ToList();
}
