using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AmiCmdlets.Engine.Errors;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>
/// EC2's "AMI sharing" quota: an AMI can be shared with at most 1,000 entities (accounts, organizations and
/// OUs; the accounts inside an organization or OU do not count, nor does public). EC2 checks it only at
/// ModifyImageAttribute, the last step of a Grant, after snapshots and keys were already shared; so the plan
/// checks it first, with what the image has now plus what is new.
/// </summary>
internal static class AmiSharingQuota
{
    /// <summary>AWS's default, adjustable per account and region in Service Quotas; the module cannot read the raised value.</summary>
    public const int Default = 1000;

    /// <summary>LaunchPermissionLimitExceeded when <paramref name="adding"/> would take the image past the quota, else null.</summary>
    public static AmiOperationException? Check(Ami image, ICollection<SharingPrincipal> current, IEnumerable<SharingPrincipal> adding)
    {
        var now = current.Count(Counts);
        var added = adding.Where(p => Counts(p) && !current.Contains(p)).Distinct().Count();
        if (now + added <= Default) return null;
        return new AmiOperationException(ErrorIds.LaunchPermissionLimitExceeded, AmiErrorCategory.QuotaExceeded, image.ImageId,
            "AMI " + image.ImageId + " (" + image.Region + ") would be shared with " + Number(now + added) + " accounts, organizations and OUs (" +
            Number(now) + " now plus " + Number(added) + " new), and EC2 allows at most " + Number(Default) + " per AMI (the AMI sharing quota; " +
            "public does not count). Nothing was changed on it. Share with your organization or OUs instead of separate accounts " +
            "(-OrganizationArn, -OrganizationalUnitArn; their accounts do not count), or revoke accounts that no longer need it " +
            "(Revoke-AmiLaunchPermission). If your account's quota was raised in Service Quotas, add -Force to let EC2 decide.");
    }

    private static bool Counts(SharingPrincipal principal) => principal.Kind != LaunchPermissionKind.Public;

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
