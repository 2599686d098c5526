namespace AmiCmdlets.Engine.Errors
{
    /// <summary>
    /// Every ErrorId the module reports, written once. Scripts match them (FullyQualifiedErrorId), so a value
    /// never changes; README's troubleshooting table and docs/cmdlets list them (ErrorIdDocumentationTests).
    /// </summary>
    public static class ErrorIds
    {
        // Connection, credentials, region.
        /// <summary>No region from -Region, Set-AmiContext, AWS_REGION or the profile.</summary>
        public const string RegionNotSpecified = "RegionNotSpecified";
        /// <summary>A region name of the wrong shape.</summary>
        public const string InvalidRegion = "InvalidRegion";
        /// <summary>A well-formed region name that is no AWS region.</summary>
        public const string UnknownRegion = "UnknownRegion";
        /// <summary>An opt-in region the account has not enabled.</summary>
        public const string RegionNotEnabled = "RegionNotEnabled";
        /// <summary>The named profile is in no config or credentials file.</summary>
        public const string ProfileNotFound = "ProfileNotFound";
        /// <summary>The profile exists but gives no credentials (SSO not logged in, process failed ...).</summary>
        public const string ProfileCredentialsUnavailable = "ProfileCredentialsUnavailable";
        /// <summary>No credentials from any source.</summary>
        public const string AwsCredentialsNotFound = "AwsCredentialsNotFound";
        /// <summary>AWS refused the keys.</summary>
        public const string AwsAuthenticationFailed = "AwsAuthenticationFailed";
        /// <summary>The session's credentials expired.</summary>
        public const string AwsCredentialsExpired = "AwsCredentialsExpired";
        /// <summary>The identity lacks an IAM permission.</summary>
        public const string AccessDenied = "AccessDenied";
        /// <summary>Still throttled after every retry.</summary>
        public const string AwsThrottled = "AwsThrottled";
        /// <summary>An account quota of AWS was reached.</summary>
        public const string AwsQuotaExceeded = "AwsQuotaExceeded";
        /// <summary>AWS answered 5xx (unavailable, internal error).</summary>
        public const string AwsServiceUnavailable = "AwsServiceUnavailable";
        /// <summary>AWS did not answer before the SDK's HTTP timeout.</summary>
        public const string AwsRequestTimedOut = "AwsRequestTimedOut";
        /// <summary>The endpoint could not be reached.</summary>
        public const string AwsConnectionFailed = "AwsConnectionFailed";
        /// <summary>An AWS error code without a mapping of its own.</summary>
        public const string AwsRequestFailed = "AwsRequestFailed";
        /// <summary>The SDK failed before any request (not credentials, not the network).</summary>
        public const string AwsClientError = "AwsClientError";
        /// <summary>Anything else: a bug of ours.</summary>
        public const string UnexpectedError = "UnexpectedError";
        /// <summary>-ExternalId was given without a role to assume.</summary>
        public const string ExternalIdWithoutRole = "ExternalIdWithoutRole";

        // Input checked before any call.
        /// <summary>Not an AMI id (or id pattern).</summary>
        public const string InvalidImageId = "InvalidImageId";
        /// <summary>Not an instance id.</summary>
        public const string InvalidInstanceId = "InvalidInstanceId";
        /// <summary>Not a snapshot id.</summary>
        public const string InvalidSnapshotId = "InvalidSnapshotId";
        /// <summary>Not a 12-digit account id.</summary>
        public const string InvalidAccountId = "InvalidAccountId";
        /// <summary>Not an organization ARN.</summary>
        public const string InvalidOrganizationArn = "InvalidOrganizationArn";
        /// <summary>Not an organizational unit ARN.</summary>
        public const string InvalidOrganizationalUnitArn = "InvalidOrganizationalUnitArn";
        /// <summary>Not an account id, organization or OU ARN, or 'all'.</summary>
        public const string InvalidPrincipal = "InvalidPrincipal";
        /// <summary>Not an image owner (account id, self, amazon, aws-marketplace).</summary>
        public const string InvalidOwner = "InvalidOwner";
        /// <summary>Not an ExecutableBy value.</summary>
        public const string InvalidExecutableBy = "InvalidExecutableBy";
        /// <summary>Not an IAM role ARN.</summary>
        public const string InvalidRoleArn = "InvalidRoleArn";
        /// <summary>Not an external id STS accepts.</summary>
        public const string InvalidExternalId = "InvalidExternalId";
        /// <summary>Not an http(s) URL.</summary>
        public const string InvalidEndpointUrl = "InvalidEndpointUrl";
        /// <summary>A name EC2 would refuse for an AMI.</summary>
        public const string InvalidAmiName = "InvalidAmiName";
        /// <summary>A name template with an unknown or unclosed placeholder.</summary>
        public const string InvalidNameTemplate = "InvalidNameTemplate";
        /// <summary>A deprecation time in the past or too far ahead.</summary>
        public const string InvalidDeprecationTime = "InvalidDeprecationTime";
        /// <summary>-KmsKeyId is no key id, ARN or alias, or does not cover every destination.</summary>
        public const string InvalidKmsKeyId = "InvalidKmsKeyId";
        /// <summary>A parameter value AWS refused (InvalidParameterValue and kin).</summary>
        public const string InvalidParameterValue = "InvalidParameterValue";
        /// <summary>More than 50 tags on one resource.</summary>
        public const string TooManyTags = "TooManyTags";
        /// <summary>Grant or Revoke without any account, organization, OU or -Public.</summary>
        public const string NoPrincipal = "NoPrincipal";

        // Images.
        /// <summary>The image is not visible in that region (missing, deregistered, or another region's id).</summary>
        public const string AmiNotFound = "AmiNotFound";
        /// <summary>The image belongs to another account.</summary>
        public const string AmiNotOwned = "AmiNotOwned";
        /// <summary>The image is not available (pending, failed) for what was asked.</summary>
        public const string AmiNotAvailable = "AmiNotAvailable";
        /// <summary>EnableImage on an image that is not disabled.</summary>
        public const string AmiNotDisabled = "AmiNotDisabled";
        /// <summary>An image of that name already exists in the account and region.</summary>
        public const string AmiNameInUse = "AmiNameInUse";
        /// <summary>The image failed in AWS while being created or copied.</summary>
        public const string AmiCreationFailed = "AmiCreationFailed";
        /// <summary>The image did not reach the state waited for in time.</summary>
        public const string AmiWaitTimeout = "AmiWaitTimeout";
        /// <summary>One copy destination failed.</summary>
        public const string AmiCopyFailed = "AmiCopyFailed";
        /// <summary>An existing copy of that name is not encrypted as asked.</summary>
        public const string AmiCopyEncryptionMismatch = "AmiCopyEncryptionMismatch";
        /// <summary>The image is encrypted with alias/aws/ebs, which cannot be shared.</summary>
        public const string AmiKeyNotShareable = "AmiKeyNotShareable";
        /// <summary>Instances, launch templates, SSM parameters or recipes still use the image.</summary>
        public const string AmiInUse = "AmiInUse";
        /// <summary>Deregistration protection (or its cooldown) keeps the image.</summary>
        public const string AmiDeregistrationProtected = "AmiDeregistrationProtected";
        /// <summary>DisableImage/EnableImage on an image in the wrong state (AWS IncorrectState).</summary>
        public const string IncorrectState = "IncorrectState";
        /// <summary>AWS refused the operation on this resource (OperationNotPermitted).</summary>
        public const string OperationNotPermitted = "OperationNotPermitted";

        // Instances and capture.
        /// <summary>No such instance in that region.</summary>
        public const string InstanceNotFound = "InstanceNotFound";
        /// <summary>The instance is neither running nor stopped.</summary>
        public const string InstanceNotReady = "InstanceNotReady";
        /// <summary>The name template uses {name} but the instance has no Name tag.</summary>
        public const string InstanceHasNoName = "InstanceHasNoName";
        /// <summary>-ExcludeDevice names a device the instance does not have.</summary>
        public const string DeviceNotFound = "DeviceNotFound";
        /// <summary>-ExcludeDevice names the root device.</summary>
        public const string CannotExcludeRootDevice = "CannotExcludeRootDevice";

        // Sharing.
        /// <summary>-Public without -Force.</summary>
        public const string PublicSharingRequiresForce = "PublicSharingRequiresForce";
        /// <summary>-Public on an encrypted image.</summary>
        public const string PublicSharingOfEncryptedAmi = "PublicSharingOfEncryptedAmi";
        /// <summary>Image block public access stops public sharing in the region.</summary>
        public const string ImageBlockPublicAccessEnabled = "ImageBlockPublicAccessEnabled";
        /// <summary>More than 1,000 accounts, organizations and OUs on one image.</summary>
        public const string LaunchPermissionLimitExceeded = "LaunchPermissionLimitExceeded";
        /// <summary>The image is gone but a KMS grant made for it could not be revoked.</summary>
        public const string KmsGrantNotRevoked = "KmsGrantNotRevoked";
        /// <summary>The KMS key does not exist.</summary>
        public const string KmsKeyNotFound = "KmsKeyNotFound";
        /// <summary>The KMS key is disabled or pending deletion.</summary>
        public const string KmsKeyDisabled = "KmsKeyDisabled";

        // Snapshots.
        /// <summary>No such snapshot.</summary>
        public const string SnapshotNotFound = "SnapshotNotFound";
        /// <summary>An AMI still uses the snapshot (AWS InvalidSnapshot.InUse).</summary>
        public const string SnapshotInUse = "SnapshotInUse";
        /// <summary>The snapshot is not an orphan (its AMI exists, another AMI uses it, not yours, gone).</summary>
        public const string SnapshotNotOrphaned = "SnapshotNotOrphaned";
        /// <summary>The orphaned snapshot is shared with other accounts or public.</summary>
        public const string SnapshotShared = "SnapshotShared";

        // Loading (Windows PowerShell 5.1).
        /// <summary>Another module loaded an AWS SDK v4 first.</summary>
        public const string AwsSdkAlreadyLoaded = "AwsSdkAlreadyLoaded";
        /// <summary>.NET Framework older than 4.7.2 (raised by AmiCmdlets.Requirements.ps1).</summary>
        public const string NetFrameworkTooOld = "NetFrameworkTooOld";
    }
}
