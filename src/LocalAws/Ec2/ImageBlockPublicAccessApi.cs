using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// Image block public access per account and region. AWS may take up to 10 minutes to apply a change;
/// LocalAws applies it at once.
/// </summary>
internal static class ImageBlockPublicAccessApi
{
    public static AwsResponse GetImageBlockPublicAccessState(AwsCall call)
    {
        var blocked = call.State.Scope(call.Account, call.Region).ImageBlockPublicAccess;
        var xml = Ec2Api.Begin(call).Elem("imageBlockPublicAccessState", blocked ? "block-new-sharing" : "unblocked").Elem("managedBy", "account");
        return Ec2Api.End(xml);
    }

    public static AwsResponse EnableImageBlockPublicAccess(AwsCall call)
    {
        var state = call.Params.Required("ImageBlockPublicAccessState");
        if (state != "block-new-sharing")
            throw new AwsException("InvalidParameterValue", $"Value ({state}) for parameter imageBlockPublicAccessState is invalid. Expected: 'block-new-sharing'.");
        call.State.Scope(call.Account, call.Region).ImageBlockPublicAccess = true;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("imageBlockPublicAccessState", "block-new-sharing"));
    }

    public static AwsResponse DisableImageBlockPublicAccess(AwsCall call)
    {
        call.State.Scope(call.Account, call.Region).ImageBlockPublicAccess = false;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("imageBlockPublicAccessState", "unblocked"));
    }
}
