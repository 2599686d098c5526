namespace AmiCmdlets;

/// <summary>Who a launch permission names: EC2's four kinds of principal.</summary>
public enum LaunchPermissionKind
{
    Account,
    Organization,
    OrganizationalUnit,
    /// <summary>Everyone (EC2's group "all"); Principal is "all".</summary>
    Public,
}
