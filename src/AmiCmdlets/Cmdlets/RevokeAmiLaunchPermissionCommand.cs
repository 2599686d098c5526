using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>
/// Takes back launch permission, the snapshot permissions it implies and the KMS grants that
/// Grant-AmiLaunchPermission made, and nothing else.
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "AmiLaunchPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = PrincipalsSet)]
[OutputType(typeof(Ami))]
public sealed class RevokeAmiLaunchPermissionCommand : LaunchPermissionCommandBase
{
    private const string PrincipalsSet = "Principals";
    private const string AllSet = "All";

    [Parameter(ParameterSetName = PrincipalsSet)]
    [ValidateNotNullOrEmpty]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.AccountId)]
    [ValidatePattern(ResourceIds.AccountIdPattern)]
    public string[]? AccountId { get; set; }

    [Parameter(ParameterSetName = PrincipalsSet)]
    [ValidateNotNullOrEmpty]
    [ValidateResourceId(ResourceIdKind.OrganizationArn)]
    [ValidatePattern(ResourceIds.OrganizationArnPattern)]
    public string[]? OrganizationArn { get; set; }

    [Parameter(ParameterSetName = PrincipalsSet)]
    [ValidateNotNullOrEmpty]
    [ValidateResourceId(ResourceIdKind.OrganizationalUnitArn)]
    [ValidatePattern(ResourceIds.OrganizationalUnitArnPattern)]
    public string[]? OrganizationalUnitArn { get; set; }

    /// <summary>Principals of any kind, bound from Get-AmiLaunchPermission output.</summary>
    [Parameter(ParameterSetName = PrincipalsSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [AccountIdTransformation]
    [ValidateResourceId(ResourceIdKind.LaunchPermissionPrincipal)]
    [ValidatePattern(ResourceIds.LaunchPermissionPrincipalPattern)]
    public string[]? Principal { get; set; }

    [Parameter(ParameterSetName = PrincipalsSet)]
    public SwitchParameter Public { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<SharingPrincipal> principals = new SharingPrincipal[0];
        Validate(() => principals = SharingPrincipals.From(AccountId, OrganizationArn, OrganizationalUnitArn, Principal, Public));
        if (principals.Count == 0 && !All)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("NoPrincipal",
                "Say whose launch permission to revoke on " + string.Join(", ", ImageId) + ": -AccountId, -OrganizationArn, -OrganizationalUnitArn, -Public, or -All.", string.Join(", ", ImageId)));
        }
        Add(principals);
    }

    protected override void EndProcessing() =>
        Share((sharing, images, events, token) => sharing.PlanRevokeAsync(new SharingRequest { Images = images, All = All }, events, token));
}
