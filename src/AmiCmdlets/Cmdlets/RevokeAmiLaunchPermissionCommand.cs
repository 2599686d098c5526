using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets
{
    /// <summary>
    /// Takes back launch permission, the snapshot permissions it implies and the KMS grants that
    /// Grant-AmiLaunchPermission made, and nothing else.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "AmiLaunchPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = PrincipalsSet)]
    [OutputType(typeof(Ami))]
    public sealed class RevokeAmiLaunchPermissionCommand : ImageCommandBase
    {
        private const string PrincipalsSet = "Principals";
        private const string AllSet = "All";
        private readonly List<SharingTarget> _targets = new List<SharingTarget>();

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

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<SharingPrincipal> principals = new SharingPrincipal[0];
            Validate(() => principals = SharingPrincipals.From(AccountId, OrganizationArn, OrganizationalUnitArn, Principal, Public));
            if (principals.Count == 0 && !All)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgument("NoPrincipal",
                    "Say whose launch permission to revoke on " + string.Join(", ", ImageId) + ": -AccountId, -OrganizationArn, -OrganizationalUnitArn, -Public, or -All.", string.Join(", ", ImageId)));
            }
            var connection = Connect(Region);
            foreach (var id in ImageId) _targets.Add(new SharingTarget(connection, id, principals));
        }

        protected override void EndProcessing()
        {
            if (_targets.Count == 0) return;
            var request = new SharingRequest { Images = _targets, All = All };
            var sharing = new LaunchPermissionSharing(Clients);
            IReadOnlyList<LaunchPermissionPlan> plans = new LaunchPermissionPlan[0];
            Run(async (events, token) => plans = await sharing.PlanRevokeAsync(request, events, token).ConfigureAwait(false));
            var approved = plans.Where(plan => !plan.HasChanges || ShouldProcess(plan.Target, plan.Action)).ToList();
            if (approved.Count == 0) return;
            Run((events, token) => sharing.ExecuteAsync(approved, PassThru, events, token));
        }
    }
}
