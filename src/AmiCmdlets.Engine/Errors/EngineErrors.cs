namespace AmiCmdlets.Engine.Errors;

/// <summary>
/// The errors more than one feature raises, each with one message shape: what is wrong with which resource
/// where, then what it means for this command and what to do.
/// </summary>
public static class EngineErrors
{
    /// <summary>The image is not visible in the region; <paramref name="consequence"/> says what that means here.</summary>
    public static AmiOperationException AmiNotFound(string imageId, string region, string? consequence = null) =>
        new AmiOperationException(ErrorIds.AmiNotFound, AmiErrorCategory.ObjectNotFound, imageId,
            "No AMI '" + imageId + "' visible to you in " + region + (consequence == null ? "" : "; " + consequence) + ".");

    /// <summary>The image belongs to <paramref name="owner"/>; only that account may do <paramref name="ownerOnly"/>.</summary>
    public static AmiOperationException AmiNotOwned(string imageId, string? name, string region, string owner, string caller, string ownerOnly) =>
        new AmiOperationException(ErrorIds.AmiNotOwned, AmiErrorCategory.PermissionDenied, imageId,
            "AMI " + imageId + " ('" + name + "') in " + region + " belongs to account " + owner + ", not to yours (" + caller + "); only its owner can " + ownerOnly +
            ". Run the command with the owner's credentials (-ProfileName, -RoleArn). Nothing was changed for it.");

    /// <summary>
    /// The image is in a state (pending, failed, ...) that does not allow <paramref name="verb"/> ("shared"); a pending
    /// one gets the Wait-Ami command, followed by <paramref name="then"/> when given.
    /// </summary>
    public static AmiOperationException AmiNotAvailable(Ami image, string verb, string consequence, string? then = null) =>
        new AmiOperationException(ErrorIds.AmiNotAvailable, AmiErrorCategory.ResourceUnavailable, image.ImageId,
            "AMI " + image.ImageId + " ('" + image.Name + "') in " + image.Region + " is " + image.State + "; only an available image can be " + verb + ". " + consequence +
            (image.State == "pending" ? " Wait for it with: Wait-Ami -ImageId " + image.ImageId + " -Region " + image.Region + (then == null ? "" : " | " + then) : ""));

    /// <summary>A failure of a step shared by several resources, reported for one of them with what it meant there.</summary>
    public static AmiOperationException For(AmiOperationException failure, string target, string message) =>
        new AmiOperationException(failure.ErrorId, failure.Category, target, message, failure.AwsErrorCode, failure);
}
