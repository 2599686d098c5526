using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Shares images with accounts, organizations, OUs or everyone, together with what the accounts need to
/// use them: snapshot createVolumePermission and KMS grants on customer-managed keys.
/// </summary>
[Cmdlet(VerbsSecurity.Grant, "AmiLaunchPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Ami))]
public sealed class GrantAmiLaunchPermissionCommand : LaunchPermissionCommandBase
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.AccountId)]
    [ValidatePattern(ResourceIds.AccountIdPattern)]
    public string[]? AccountId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateResourceId(ResourceIdKind.OrganizationArn)]
    [ValidatePattern(ResourceIds.OrganizationArnPattern)]
    public string[]? OrganizationArn { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateResourceId(ResourceIdKind.OrganizationalUnitArn)]
    [ValidatePattern(ResourceIds.OrganizationalUnitArnPattern)]
    public string[]? OrganizationalUnitArn { get; set; }

    /// <summary>Principals of any kind, as Get-AmiLaunchPermission writes them (to copy one image's sharing to another).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.LaunchPermissionPrincipal)]
    [ValidatePattern(ResourceIds.LaunchPermissionPrincipalPattern)]
    public string[]? Principal { get; set; }

    [Parameter]
    public SwitchParameter Public { get; set; }

    [Parameter]
    public SwitchParameter SkipSnapshotPermission { get; set; }

    [Parameter]
    public SwitchParameter SkipKmsGrant { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        if (Public && !Force) ThrowTerminatingError(PublicNeedsForce());
    }

    protected override void ProcessRecord()
    {
        IReadOnlyList<SharingPrincipal> principals = new SharingPrincipal[0];
        Validate(() => principals = SharingPrincipals.From(AccountId, OrganizationArn, OrganizationalUnitArn, Principal, Public));
        if (principals.Count == 0)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("NoPrincipal",
                "Say who may launch " + string.Join(", ", ImageId) + ": -AccountId, -OrganizationArn, -OrganizationalUnitArn, or -Public -Force.", string.Join(", ", ImageId)));
        }
        if (principals.Contains(SharingPrincipal.Public) && !Force) ThrowTerminatingError(PublicNeedsForce());
        Add(principals);
    }

    protected override void EndProcessing() => Share((sharing, images, events, token) => sharing.PlanGrantAsync(new SharingRequest
    {
        Images = images, SkipSnapshotPermission = SkipSnapshotPermission, SkipKmsGrant = SkipKmsGrant, IgnoreSharingQuota = Force,
    }, events, token));

    private ErrorRecord PublicNeedsForce() => ErrorRecords.InvalidArgument("PublicSharingRequiresForce",
        "Making an AMI public lets every AWS account launch it and read everything on its volumes. If that is really meant, add -Force; " +
        "to share with your own accounts, use -AccountId or -OrganizationArn instead.", ImageId.Length == 0 ? null : string.Join(", ", ImageId));
}
