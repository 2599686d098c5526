using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Building;

/// <summary>Checks of a build that need no AWS call, and the build's id: the same inputs give the same id, so a re-run finds what an interrupted run left.</summary>
public static class BuildRules
{
    /// <summary>AWS (RunInstances UserData): "limited to 16 KB, in raw form, before it is base64-encoded".</summary>
    public const int UserDataLimitBytes = 16 * 1024;
    public const string DefaultFailurePattern = "BUILD FAILED";
    private static readonly Regex InstanceTypeShape = new Regex(@"\A[a-z][a-z0-9-]*\.[a-z0-9]+\z", RegexOptions.CultureInvariant);
    private static readonly string[] VolumeTypes = { "gp2", "gp3", "io1", "io2", "st1", "sc1", "standard" };
    private static readonly Regex SubnetId = new Regex(@"\Asubnet-([0-9a-f]{8}|[0-9a-f]{17})\z", RegexOptions.CultureInvariant);
    private static readonly Regex SecurityGroupId = new Regex(@"\Asg-([0-9a-f]{8}|[0-9a-f]{17})\z", RegexOptions.CultureInvariant);
    private static readonly Regex ShutdownStep = new Regex(@"\b(shutdown|poweroff|halt|Stop-Computer)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static void Validate(BuildRequest request)
    {
        NameTemplate.Validate(request.NameTemplate);
        if (!InstanceTypeShape.IsMatch(request.InstanceType))
        {
            throw new AmiOperationException(ErrorIds.InvalidInstanceType, AmiErrorCategory.InvalidArgument, request.InstanceType,
                "'" + request.InstanceType + "' is not an instance type; they look like family.size, e.g. t3.micro, m7g.large.");
        }
        var size = Encoding.UTF8.GetByteCount(request.UserData);
        if (size > UserDataLimitBytes)
        {
            throw new AmiOperationException(ErrorIds.UserDataTooLarge, AmiErrorCategory.InvalidArgument, null,
                "The user data is " + size.ToString("N0", CultureInfo.InvariantCulture) + " bytes; EC2 takes at most 16 KB (16,384 bytes) before base64. " +
                "Move the bulk into a file the script downloads (S3, a package), or bake it into the base image.");
        }
        if (request.UserData.Trim().Length == 0)
        {
            throw new AmiOperationException(ErrorIds.UserDataNotFound, AmiErrorCategory.InvalidArgument, null,
                "The user data is empty: a build needs a script that provisions the instance and ends by shutting it down.");
        }
        try { _ = new Regex(request.FailurePattern); }
        catch (ArgumentException bad)
        {
            throw new AmiOperationException(ErrorIds.InvalidFailurePattern, AmiErrorCategory.InvalidArgument, request.FailurePattern,
                "-FailurePattern '" + request.FailurePattern + "' is not a regular expression: " + bad.Message);
        }
        if (request.SubnetId != null && !SubnetId.IsMatch(request.SubnetId))
        {
            throw new AmiOperationException(ErrorIds.InvalidNetworkId, AmiErrorCategory.InvalidArgument, request.SubnetId,
                "-SubnetId '" + request.SubnetId + "' is not a subnet id: subnet- followed by 8 or 17 lower-case hexadecimal digits (subnet-0123456789abcdef0).");
        }
        foreach (var group in request.SecurityGroupIds.Where(g => !SecurityGroupId.IsMatch(g)))
        {
            throw new AmiOperationException(ErrorIds.InvalidNetworkId, AmiErrorCategory.InvalidArgument, group,
                "-SecurityGroupId '" + group + "' is not a security group id: sg- followed by 8 or 17 lower-case hexadecimal digits (sg-0123456789abcdef0); names are not taken.");
        }
        if (request.RootVolumeSizeGiB is int gib && (gib < 1 || gib > 16384))
        {
            throw new AmiOperationException(ErrorIds.InvalidRootVolume, AmiErrorCategory.InvalidArgument, gib.ToString(CultureInfo.InvariantCulture),
                "-RootVolumeSize " + gib + " GiB is out of range: EBS volumes are 1 to 16,384 GiB.");
        }
        if (request.RootVolumeType != null && Array.IndexOf(VolumeTypes, request.RootVolumeType) < 0)
        {
            throw new AmiOperationException(ErrorIds.InvalidRootVolume, AmiErrorCategory.InvalidArgument, request.RootVolumeType,
                "-RootVolumeType '" + request.RootVolumeType + "' is not an EBS volume type: " + string.Join(", ", VolumeTypes) + ".");
        }
    }

    /// <summary>True when the script has a step that shuts the instance down (without one the build waits until its time-out).</summary>
    public static bool HasShutdownStep(string script) => ShutdownStep.IsMatch(script);

    /// <summary>
    /// 12 hex digits of the SHA-256 of what defines the build (source, script, instance, capture name): a re-run of the
    /// same command has the same id and finds the build instance an interrupted run left; another build never does.
    /// </summary>
    public static string BuildId(BuildRequest request)
    {
        var defining = string.Join("\n", new[]
        {
            request.SourceImageId, request.InstanceType, request.SubnetId ?? "", string.Join(",", request.SecurityGroupIds.OrderBy(g => g, StringComparer.Ordinal)),
            request.IamInstanceProfile ?? "", request.NameTemplate, request.UserData,
        });
        return "b-" + string.Concat(Sha256Digest.OfUtf8(defining).Take(6).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public static bool IsFailureLine(BuildRequest request, string line) =>
        Regex.IsMatch(line, request.FailurePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
