using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Ec2;

/// <summary>
/// DescribeImageAttribute, ModifyImageAttribute (launch permissions in both the structured and the legacy
/// form, description, imdsSupport) and ResetImageAttribute. Owner-only, as on AWS.
/// </summary>
internal static partial class ImageAttributesApi
{
    private sealed record Permission(string? UserId, string? Group, string? OrgArn, string? OuArn);

    public static AwsResponse DescribeImageAttribute(AwsCall call)
    {
        var p = call.Params;
        var image = Ec2Common.OwnImage(call, p.Required("ImageId"));
        var attribute = p.Required("Attribute");
        var xml = Ec2Api.Begin(call).Elem("imageId", image.ImageId);
        switch (attribute)
        {
            case "launchPermission":
                // An empty list is still sent (<launchPermission/>), as AWS does: clients tell "none" from "not asked".
                xml.Open("launchPermission");
                foreach (var item in Permissions(image))
                {
                    xml.Open("item").Elem("group", item.Group).Elem("userId", item.UserId)
                        .Elem("organizationArn", item.OrgArn).Elem("organizationalUnitArn", item.OuArn).Close();
                }
                xml.Close();
                break;
            case "description": Value(xml, "description", image.Description); break;
            case "deregistrationProtection": Value(xml, "deregistrationProtection", image.DeregistrationProtection); break;
            case "lastLaunchedTime": Value(xml, "lastLaunchedTime", image.LastLaunchedTime is { } t ? XmlOut.FormatTime(t) : null); break;
            case "bootMode": Value(xml, "bootMode", image.BootMode); break;
            case "imdsSupport": Value(xml, "imdsSupport", image.ImdsSupport); break;
            case "sriovNetSupport": Value(xml, "sriovNetSupport", image.SriovNetSupport); break;
            case "kernel" or "ramdisk" or "tpmSupport" or "uefiData": xml.Open(attribute).Close(); break;
            case "productCodes": xml.Open("productCodes").Close(); break;
            case "blockDeviceMapping":
                xml.Open("blockDeviceMapping");
                foreach (var d in image.BlockDevices)
                {
                    xml.Open("item").Elem("deviceName", d.DeviceName).Open("ebs").Elem("snapshotId", d.SnapshotId).Elem("volumeSize", d.VolumeSize)
                        .Elem("deleteOnTermination", d.DeleteOnTermination).Elem("volumeType", d.VolumeType).Elem("encrypted", d.Encrypted).Close().Close();
                }
                xml.Close();
                break;
            default:
                throw new AwsException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Unknown attribute.");
        }
        return Ec2Api.End(xml);
    }

    private static void Value(XmlOut xml, string element, string? value)
    {
        xml.Open(element).Elem("value", value).Close();
    }

    private static IEnumerable<Permission> Permissions(Image image)
    {
        if (image.Public) yield return new Permission(null, "all", null, null);
        foreach (var u in image.LaunchPermissionUserIds.Order(StringComparer.Ordinal)) yield return new Permission(u, null, null, null);
        foreach (var o in image.LaunchPermissionOrgArns.Order(StringComparer.Ordinal)) yield return new Permission(null, null, o, null);
        foreach (var o in image.LaunchPermissionOuArns.Order(StringComparer.Ordinal)) yield return new Permission(null, null, null, o);
    }

    /// <summary>AWS's default "AMI sharing" quota per AMI and region (adjustable on AWS; fixed here).</summary>
    private const int SharingQuota = 1000;

    public static AwsResponse ModifyImageAttribute(AwsCall call)
    {
        var p = call.Params;
        var image = Ec2Common.OwnImage(call, p.Required("ImageId"));
        var attribute = p.Get("Attribute");

        var description = p.Get("Description.Value") ?? (attribute == "description" ? p.Get("Value") : null);
        var imds = p.Get("ImdsSupport.Value") ?? (attribute == "imdsSupport" ? p.Get("Value") : null);
        var add = ReadPermissions(p, "LaunchPermission.Add");
        var remove = ReadPermissions(p, "LaunchPermission.Remove");
        var legacy = new List<Permission>();
        legacy.AddRange(p.List("UserId").Select(u => new Permission(u, null, null, null)));
        legacy.AddRange(p.List("UserGroup").Select(g => new Permission(null, g, null, null)));
        legacy.AddRange(p.List("OrganizationArn").Select(o => new Permission(null, null, o, null)));
        legacy.AddRange(p.List("OrganizationalUnitArn").Select(o => new Permission(null, null, null, o)));
        if (legacy.Count > 0)
        {
            switch (p.Get("OperationType"))
            {
                case "add": add.AddRange(legacy); break;
                case "remove": remove.AddRange(legacy); break;
                default: throw new AwsException("MissingParameter", "The request must contain the parameter operationType when userId, userGroup, organizationArn or organizationalUnitArn is given.");
            }
        }

        var changes = (description is not null ? 1 : 0) + (imds is not null ? 1 : 0) + (add.Count + remove.Count > 0 ? 1 : 0);
        if (changes == 0)
            throw new AwsException("MissingParameter", "The request must contain the parameter description, imdsSupport or launchPermission.");
        if (changes > 1)
            throw new AwsException("InvalidParameterCombination", "You can modify only one attribute at a time.");

        if (description is not null)
        {
            if (description.Length > 255) throw new AwsException("InvalidParameterValue", "Value for parameter description is invalid. Length exceeds maximum of 255 characters.");
            image.Description = description;
        }
        else if (imds is not null)
        {
            if (imds != "v2.0") throw new AwsException("InvalidParameterValue", $"Value ({imds}) for parameter imdsSupport is invalid. Expected: 'v2.0'.");
            image.ImdsSupport = imds;
        }
        else
        {
            foreach (var perm in add.Concat(remove)) Validate(perm);
            if (add.Any(a => a.Group == "all")) CheckPublicSharing(call, image);
            // The "AMI sharing" quota (1,000 organizations, OUs and accounts; public is not an entity) is checked
            // on the result, before anything changes: a refused request leaves the permissions as they were.
            int After(HashSet<string> current, Func<Permission, string?> value) =>
                current.Except(remove.Select(value).OfType<string>(), StringComparer.Ordinal).Union(add.Select(value).OfType<string>(), StringComparer.Ordinal).Count();
            var entities = After(image.LaunchPermissionUserIds, a => a.UserId) + After(image.LaunchPermissionOrgArns, a => a.OrgArn) + After(image.LaunchPermissionOuArns, a => a.OuArn);
            if (entities > SharingQuota)
                throw new AwsException("ResourceLimitExceeded",
                    $"You have reached your quota of {SharingQuota} for the number of entities an AMI can be shared with. The request would share {image.ImageId} with {entities}.");
            foreach (var perm in remove) Apply(image, perm, adding: false);
            foreach (var perm in add) Apply(image, perm, adding: true);
        }
        return Ec2Api.End(Ec2Common.Return(call));
    }

    private static List<Permission> ReadPermissions(QueryRequest p, string prefix)
    {
        var result = new List<Permission>();
        foreach (var i in p.StructIndexes(prefix))
        {
            result.Add(new Permission(p.Get($"{prefix}.{i}.UserId"), p.Get($"{prefix}.{i}.Group"),
                p.Get($"{prefix}.{i}.OrganizationArn"), p.Get($"{prefix}.{i}.OrganizationalUnitArn")));
        }
        return result;
    }

    private static void Validate(Permission perm)
    {
        if (perm.UserId is { } user && !Ec2Common.IsAccountId(user))
            throw new AwsException("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{user}\" for userId item type.");
        if (perm.Group is { } group && group != "all")
            throw new AwsException("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{group}\" for group item type.");
        if (perm.OrgArn is { } org && !OrgArnPattern().IsMatch(org))
            throw new AwsException("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{org}\" for organizationArn item type.");
        if (perm.OuArn is { } ou && !OuArnPattern().IsMatch(ou))
            throw new AwsException("InvalidAMIAttributeItemValue", $"Invalid attribute item value \"{ou}\" for organizationalUnitArn item type.");
    }

    /// <summary>Public sharing: refused under image block public access, for encrypted AMIs, and for disabled ones.</summary>
    private static void CheckPublicSharing(AwsCall call, Image image)
    {
        if (call.State.Scope(call.Account, call.Region).ImageBlockPublicAccess)
            throw new AwsException("OperationNotPermitted",
                $"You can't publicly share {image.ImageId} because block public access for AMIs is enabled for this account in {call.Region}. To publicly share the AMI, you must first disable block public access.");
        if (image.BlockDevices.Any(d => d.Encrypted))
            throw new AwsException("OperationNotPermitted", $"Encrypted AMIs can't be made public: {image.ImageId} has encrypted volumes.");
        if (image.State == ImageStates.Disabled)
            throw new AwsException("OperationNotPermitted", $"The AMI {image.ImageId} is disabled and can't be shared.");
    }

    private static void Apply(Image image, Permission perm, bool adding)
    {
        void Change(HashSet<string> set, string value)
        {
            if (adding) set.Add(value);
            else set.Remove(value);
        }
        if (perm.Group == "all") image.Public = adding;
        if (perm.UserId is { } u) Change(image.LaunchPermissionUserIds, u);
        if (perm.OrgArn is { } o) Change(image.LaunchPermissionOrgArns, o);
        if (perm.OuArn is { } ou) Change(image.LaunchPermissionOuArns, ou);
    }

    public static AwsResponse ResetImageAttribute(AwsCall call)
    {
        var p = call.Params;
        var image = Ec2Common.OwnImage(call, p.Required("ImageId"));
        var attribute = p.Required("Attribute");
        if (attribute != "launchPermission")
            throw new AwsException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Only launchPermission can be reset.");
        image.Public = false;
        image.LaunchPermissionUserIds.Clear();
        image.LaunchPermissionOrgArns.Clear();
        image.LaunchPermissionOuArns.Clear();
        return Ec2Api.End(Ec2Common.Return(call));
    }

    [GeneratedRegex(@"^arn:aws:organizations::\d{12}:organization/o-[a-z0-9]{10,32}$")]
    private static partial Regex OrgArnPattern();

    [GeneratedRegex(@"^arn:aws:organizations::\d{12}:ou/o-[a-z0-9]{10,32}/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")]
    private static partial Regex OuArnPattern();
}
