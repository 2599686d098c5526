namespace AmiCmdlets.Contracts.Engine;

/// <summary>
/// The kinds of id, account, ARN and URL that parameters take, each checked by one rule of the engine's
/// ResourceIds. Here, in the dependency-free contract assembly, because [ValidateResourceId(kind)] names it
/// in cmdlet metadata, which PowerShell reads at import, before the engine may load.
/// </summary>
public enum ResourceIdKind
{
    ImageId,
    /// <summary>An AMI id, or a pattern with * or ? (Get-Ami).</summary>
    ImageIdOrWildcard,
    InstanceId,
    SnapshotId,
    AccountId,
    /// <summary>DescribeImages Owner: an account id or self, amazon, aws-marketplace, aws-backup-vault.</summary>
    Owner,
    /// <summary>DescribeImages ExecutableBy: an account id, self or all.</summary>
    ExecutableBy,
    OrganizationArn,
    OrganizationalUnitArn,
    /// <summary>Any launch permission principal as Get-AmiLaunchPermission writes it (account, organization, OU, or all).</summary>
    LaunchPermissionPrincipal,
    RoleArn,
    EndpointUrl,
    /// <summary>The external id a role's trust policy asks for (sts:ExternalId).</summary>
    ExternalId,
    /// <summary>An IAM role name, with an optional path (-RoleName, with -RoleAccountId).</summary>
    RoleName,
    /// <summary>A named profile of the shared AWS config and credentials files.</summary>
    ProfileName,
}
