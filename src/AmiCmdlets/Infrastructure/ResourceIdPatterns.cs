namespace AmiCmdlets.Infrastructure
{
    /// <summary>Shapes of ids and names, for ValidatePattern at binding (before any AWS call).</summary>
    internal static class ResourceIdPatterns
    {
        public const string ImageId = @"^ami-([0-9a-f]{8}|[0-9a-f]{17})$";
        // A literal id, or a pattern with at least one * or ?.
        public const string ImageIdOrWildcard = @"^ami-([0-9a-f]{8}|[0-9a-f]{17})$|^ami-[0-9a-f]*[*?][0-9a-f*?]*$";
        public const string InstanceId = @"^i-([0-9a-f]{8}|[0-9a-f]{17})$";
        public const string SnapshotId = @"^snap-([0-9a-f]{8}|[0-9a-f]{17})$";
        public const string AccountId = @"^\d{12}$";
        public const string Owner = @"^(\d{12}|self|amazon|aws-marketplace|aws-backup-vault)$";
        public const string ExecutableBy = @"^(\d{12}|self|all)$";
        // Launch permission principals: one definition, in the engine, which checks them again.
        public const string OrganizationArn = AmiCmdlets.Engine.Sharing.SharingPrincipals.OrganizationArnPattern;
        public const string OrganizationalUnitArn = AmiCmdlets.Engine.Sharing.SharingPrincipals.OrganizationalUnitArnPattern;
        public const string LaunchPermissionPrincipal = AmiCmdlets.Engine.Sharing.SharingPrincipals.AnyPrincipalPattern;
    }
}
