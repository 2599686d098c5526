using System.Globalization;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DeregisterImage, deprecation, deregistration protection, DisableImage/EnableImage: owner-only
/// changes to an image's life cycle.
/// </summary>
internal static class ImageLifecycleApi
{
    public static AwsResponse DeregisterImage(AwsCall call)
    {
        var p = call.Params;
        var image = Ec2Common.OwnImage(call, p.Required("ImageId"));
        var deleteSnapshots = p.Bool("DeleteAssociatedSnapshots");
        if (image.DeregistrationProtection != "disabled")
            throw new AwsException("OperationNotPermitted",
                $"The AMI {image.ImageId} can't be deregistered because deregistration protection is enabled ({image.DeregistrationProtection}). Disable deregistration protection first; with a cooldown it stays in force for 24 hours after it is disabled.");

        var images = call.State.Images(call.Region);
        images.Deregister(image, call.State.Now);
        RecycleBin.KeepImage(call.State, image);
        var xml = Ec2Api.Begin(call);
        if (deleteSnapshots)
        {
            xml.Open("deleteSnapshotResultSet");
            foreach (var snapshotId in image.BlockDevices.Select(d => d.SnapshotId).OfType<string>().Distinct())
            {
                xml.Open("item").Elem("snapshotId", snapshotId).Elem("returnCode", DeleteAssociated(call, images, snapshotId)).Close();
            }
            xml.Close();
        }
        xml.Elem("return", true);
        return Ec2Api.End(xml);
    }

    // AWS: "If a snapshot is associated with multiple AMIs, it is not deleted, regardless of this setting."
    private static string DeleteAssociated(AwsCall call, RegionImages images, string snapshotId)
    {
        var snapshot = call.State.FindSnapshot(call.Region, snapshotId);
        if (snapshot is null) return "skipped";
        if (snapshot.OwnerId != call.Account) return "missing-permissions";
        if (images.FirstUsing(snapshotId) is not null) return "skipped";
        RecycleBin.DeleteSnapshot(call.State, snapshot);
        return "success";
    }

    public static AwsResponse EnableImageDeprecation(AwsCall call)
    {
        var p = call.Params;
        var imageId = p.Required("ImageId");
        var raw = p.Required("DeprecateAt");
        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var requested))
            throw new AwsException("InvalidParameterValue", $"Value ({raw}) for parameter deprecateAt is invalid. Expected a date and time in the format YYYY-MM-DDTHH:MM:SSZ.");
        var image = Ec2Common.OwnImage(call, imageId);
        var now = call.State.Now;
        // "If you specify a value for seconds, Amazon EC2 rounds the seconds to the nearest minute."
        var rounded = RoundToMinute(requested);
        if (requested < now)
            throw new AwsException("InvalidParameterValue", $"The deprecation time {XmlOut.FormatTime(requested)} is in the past. You can't specify a date in the past.");
        if (rounded > now.AddYears(10))
            throw new AwsException("InvalidParameterValue", "The deprecation time can't be more than 10 years from now.");
        if (image.Public && rounded > image.CreationDate.AddYears(2))
            throw new AwsException("InvalidParameterValue", "For public AMIs, the deprecation time can't be more than 2 years from the AMI creation date.");
        image.DeprecationTime = rounded;
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static DateTimeOffset RoundToMinute(DateTimeOffset t)
    {
        var ticks = t.UtcTicks + TimeSpan.TicksPerSecond * 30;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    public static AwsResponse DisableImageDeprecation(AwsCall call)
    {
        var image = Ec2Common.OwnImage(call, call.Params.Required("ImageId"));
        image.DeprecationTime = null;
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static AwsResponse EnableImageDeregistrationProtection(AwsCall call)
    {
        var p = call.Params;
        var image = Ec2Common.OwnImage(call, p.Required("ImageId"));
        image.DeregistrationProtection = p.Bool("WithCooldown") ? "enabled-with-cooldown" : "enabled-without-cooldown";
        image.DeregistrationProtectionUntil = null;
        return Ec2Api.End(Ec2Api.Begin(call).Elem("return", "true"));
    }

    /// <summary>With a cooldown, protection stays in force 24 h after disabling (reported as disabled-until-&lt;time&gt;).</summary>
    public static AwsResponse DisableImageDeregistrationProtection(AwsCall call)
    {
        var image = Ec2Common.OwnImage(call, call.Params.Required("ImageId"));
        if (image.DeregistrationProtection == "enabled-with-cooldown")
        {
            var until = call.State.Now.AddHours(24);
            image.DeregistrationProtectionUntil = until;
            image.DeregistrationProtection = "disabled-until-" + XmlOut.FormatTime(until);
        }
        else if (image.DeregistrationProtectionUntil is null)
        {
            image.DeregistrationProtection = "disabled";
        }
        return Ec2Api.End(Ec2Api.Begin(call).Elem("return", "true"));
    }

    /// <summary>A disabled AMI is private (public and shared launch permissions are removed) and cannot be launched.</summary>
    public static AwsResponse DisableImage(AwsCall call)
    {
        var image = Ec2Common.OwnImage(call, call.Params.Required("ImageId"));
        if (image.State != ImageStates.Available)
            throw new AwsException("IncorrectState", $"The image '{image.ImageId}' is in the '{image.State}' state and can't be disabled. Only available AMIs can be disabled.");
        image.State = ImageStates.Disabled;
        image.Public = false;
        image.LaunchPermissionUserIds.Clear();
        image.LaunchPermissionOrgArns.Clear();
        image.LaunchPermissionOuArns.Clear();
        return Ec2Api.End(Ec2Common.Return(call));
    }

    public static AwsResponse EnableImage(AwsCall call)
    {
        var image = Ec2Common.OwnImage(call, call.Params.Required("ImageId"));
        if (image.State != ImageStates.Disabled)
            throw new AwsException("IncorrectState", $"The image '{image.ImageId}' is in the '{image.State}' state and can't be enabled. Only disabled AMIs can be re-enabled.");
        image.State = ImageStates.Available;
        return Ec2Api.End(Ec2Common.Return(call));
    }
}
