namespace AmiCmdlets.Engine.Errors;

/// <summary>
/// Every ErrorId the module reports, written once. Scripts match them (FullyQualifiedErrorId), so a value
/// never changes; README's troubleshooting table and docs/cmdlets list them (ErrorIdDocumentationTests).
/// </summary>
public static class ErrorIds
{
    // Connection, credentials, region.
    public const string RegionNotSpecified = "RegionNotSpecified"; // No -Region, context, AWS_REGION or profile region.
    public const string InvalidRegion = "InvalidRegion"; // A region name of the wrong shape.
    public const string UnknownRegion = "UnknownRegion"; // A well-formed region name that is no AWS region.
    public const string RegionNotEnabled = "RegionNotEnabled"; // An opt-in region the account has not enabled.
    public const string ProfileNotFound = "ProfileNotFound"; // The named profile is in no config or credentials file.
    public const string ProfileCredentialsUnavailable = "ProfileCredentialsUnavailable"; // Profile found, no credentials (SSO logged out ...).
    public const string InvalidProfileName = "InvalidProfileName"; // -ProfileName empty, padded with spaces, or with brackets.
    public const string InvalidRoleName = "InvalidRoleName"; // -RoleName is not an IAM role name (1-64 of [\w+=,.@-], optional path).
    public const string RoleNameWithoutAccount = "RoleNameWithoutAccount"; // -RoleName without -RoleAccountId, or the other way round.
    public const string RolePartitionMismatch = "RolePartitionMismatch"; // A role ARN of another partition than the region's (aws-cn role in us-east-1).
    public const string FleetAmbiguous = "FleetAmbiguous"; // Several profiles (or keys) and roles: from which is each role assumed?
    public const string OnePlaceNeeded = "OnePlaceNeeded"; // An image id with several accounts or regions: an id lives in one account and region.
    public const string AccountUnreachable = "AccountUnreachable"; // AssumeRole refused (no such role, not trusted) or STS cannot say who the credentials are.
    public const string AwsCredentialsNotFound = "AwsCredentialsNotFound"; // No credentials from any source.
    public const string AwsAuthenticationFailed = "AwsAuthenticationFailed"; // AWS refused the keys.
    public const string AwsCredentialsExpired = "AwsCredentialsExpired"; // The session's credentials expired.
    public const string AccessDenied = "AccessDenied"; // The identity lacks an IAM permission.
    public const string AwsThrottled = "AwsThrottled"; // Still throttled after every retry.
    public const string AwsQuotaExceeded = "AwsQuotaExceeded"; // An account quota of AWS was reached.
    public const string AwsServiceUnavailable = "AwsServiceUnavailable"; // AWS answered 5xx (unavailable, internal error).
    public const string AwsRequestTimedOut = "AwsRequestTimedOut"; // AWS did not answer before the SDK's HTTP timeout.
    public const string AwsConnectionFailed = "AwsConnectionFailed"; // The endpoint could not be reached.
    public const string AwsRequestFailed = "AwsRequestFailed"; // An AWS error code without a mapping of its own.
    public const string AwsClientError = "AwsClientError"; // The SDK failed before any request (not credentials, not the network).
    public const string UnexpectedError = "UnexpectedError"; // Anything else: a bug of ours.
    public const string ExternalIdWithoutRole = "ExternalIdWithoutRole"; // -ExternalId was given without a role to assume.

    // Input checked before any call.
    public const string InvalidImageId = "InvalidImageId"; // Not an AMI id (or id pattern).
    public const string InvalidInstanceId = "InvalidInstanceId"; // Not an instance id.
    public const string InvalidSnapshotId = "InvalidSnapshotId"; // Not a snapshot id.
    public const string InvalidAccountId = "InvalidAccountId"; // Not a 12-digit account id.
    public const string InvalidOrganizationArn = "InvalidOrganizationArn"; // Not an organization ARN.
    public const string InvalidOrganizationalUnitArn = "InvalidOrganizationalUnitArn"; // Not an organizational unit ARN.
    public const string InvalidPrincipal = "InvalidPrincipal"; // Not an account id, organization or OU ARN, or 'all'.
    public const string InvalidOwner = "InvalidOwner"; // Not an image owner (account id, self, amazon, aws-marketplace).
    public const string InvalidExecutableBy = "InvalidExecutableBy"; // Not an ExecutableBy value.
    public const string InvalidRoleArn = "InvalidRoleArn"; // Not an IAM role ARN.
    public const string InvalidExternalId = "InvalidExternalId"; // Not an external id STS accepts.
    public const string InvalidEndpointUrl = "InvalidEndpointUrl"; // Not an http(s) URL.
    public const string InvalidAmiName = "InvalidAmiName"; // A name EC2 would refuse for an AMI.
    public const string InvalidNameTemplate = "InvalidNameTemplate"; // A name template with an unknown or unclosed placeholder.
    public const string InvalidDeprecationTime = "InvalidDeprecationTime"; // A deprecation time in the past or too far ahead.
    public const string InvalidKmsKeyId = "InvalidKmsKeyId"; // Bad -KmsKeyId, or not for every destination.
    public const string InvalidParameterValue = "InvalidParameterValue"; // A value AWS refused.
    public const string TooManyTags = "TooManyTags"; // More than 50 tags on one resource.
    public const string NoPrincipal = "NoPrincipal"; // Grant or Revoke without any account, organization, OU or -Public.

    // Images.
    public const string AmiNotFound = "AmiNotFound"; // Not visible in that region.
    public const string AmiNotOwned = "AmiNotOwned"; // The image belongs to another account.
    public const string AmiNotAvailable = "AmiNotAvailable"; // The image is not available (pending, failed) for what was asked.
    public const string AmiNotDisabled = "AmiNotDisabled"; // EnableImage on an image that is not disabled.
    public const string AmiNameInUse = "AmiNameInUse"; // An image of that name already exists in the account and region.
    public const string AmiCreationFailed = "AmiCreationFailed"; // The image failed in AWS while being created or copied.
    public const string AmiWaitTimeout = "AmiWaitTimeout"; // The image did not reach the state waited for in time.
    public const string AmiCopyFailed = "AmiCopyFailed"; // One copy destination failed.
    public const string AmiCopyEncryptionMismatch = "AmiCopyEncryptionMismatch"; // Existing copy not encrypted as asked.
    public const string AmiKeyNotShareable = "AmiKeyNotShareable"; // The image is encrypted with alias/aws/ebs, which cannot be shared.
    public const string AmiInUse = "AmiInUse"; // Instances, launch templates, SSM parameters or recipes still use the image.
    public const string AmiDeregistrationProtected = "AmiDeregistrationProtected"; // Protection (or its cooldown) keeps it.
    public const string IncorrectState = "IncorrectState"; // Disable/Enable in the wrong state.
    public const string OperationNotPermitted = "OperationNotPermitted"; // AWS refused it on this resource.

    // Instances and capture.
    public const string InstanceNotFound = "InstanceNotFound"; // No such instance in that region.
    public const string InstanceNotReady = "InstanceNotReady"; // The instance is neither running nor stopped.
    public const string InstanceHasNoName = "InstanceHasNoName"; // The name template uses {name} but the instance has no Name tag.
    public const string DeviceNotFound = "DeviceNotFound"; // -ExcludeDevice names a device the instance does not have.
    public const string CannotExcludeRootDevice = "CannotExcludeRootDevice"; // -ExcludeDevice names the root device.

    // Sharing.
    public const string PublicSharingRequiresForce = "PublicSharingRequiresForce"; // -Public without -Force.
    public const string PublicSharingOfEncryptedAmi = "PublicSharingOfEncryptedAmi"; // -Public on an encrypted image.
    public const string ImageBlockPublicAccessEnabled = "ImageBlockPublicAccessEnabled"; // Blocks public sharing in the region.
    public const string LaunchPermissionLimitExceeded = "LaunchPermissionLimitExceeded"; // Over 1,000 principals on one image.
    public const string KmsGrantNotRevoked = "KmsGrantNotRevoked"; // The image is gone but a KMS grant made for it could not be revoked.
    public const string KmsKeyNotFound = "KmsKeyNotFound"; // The KMS key does not exist.
    public const string KmsKeyDisabled = "KmsKeyDisabled"; // The KMS key is disabled or pending deletion.

    // Snapshots.
    public const string SnapshotNotFound = "SnapshotNotFound"; // No such snapshot.
    public const string SnapshotInUse = "SnapshotInUse"; // An AMI still uses the snapshot (AWS InvalidSnapshot.InUse).
    public const string SnapshotNotOrphaned = "SnapshotNotOrphaned"; // Not an orphan (AMI exists or uses it, not yours, gone).
    public const string SnapshotShared = "SnapshotShared"; // The orphaned snapshot is shared with other accounts or public.

    // Loading (Windows PowerShell 5.1).
    public const string AwsSdkAlreadyLoaded = "AwsSdkAlreadyLoaded"; // Another module loaded an AWS SDK v4 first.
    public const string NetFrameworkTooOld = "NetFrameworkTooOld"; // .NET Framework older than 4.7.2 (raised by AmiCmdlets.Requirements.ps1).

    // Base images and trust (Find-BaseAmi, Test-AmiTrust, New-GoldenAmi -RequireTrustedSource).
    public const string AmiNotTrusted = "AmiNotTrusted"; // The image fails the trust policy (-RequireTrustedSource).
    public const string ArchitectureNotOffered = "ArchitectureNotOffered"; // The operating system has no images for that architecture.
    public const string InvalidPublicParameter = "InvalidPublicParameter"; // -PublicParameter is not under /aws/service/.
    public const string LanguageNotOffered = "LanguageNotOffered"; // -Language is not a Windows AMI language, or the OS is not Windows.
    public const string UnknownOperatingSystem = "UnknownOperatingSystem"; // -OperatingSystem is not in the catalogue.
    // Who uses an image (issue 16).
    public const string AmiInUseByOtherAccount = "AmiInUseByOtherAccount"; // An image usage report shows other accounts using the image.
    public const string AmiUsageReportFailed = "AmiUsageReportFailed"; // An image usage report could not be made or ended in error.
    public const string AmiUsageReportTimeout = "AmiUsageReportTimeout"; // An image usage report was still pending when the wait timed out.
    // Cost, archive and Recycle Bin (issue 19).
    public const string AmiNotInRecycleBin = "AmiNotInRecycleBin"; // Restore-Ami: the image is not in the Recycle Bin (no retention rule kept it, or it expired).
    public const string InvalidPriceTable = "InvalidPriceTable"; // A -PriceTable key or price Get-AmiCost cannot use.
    // Building from a base image (issue 21, Invoke-GoldenAmiBuild).
    public const string InvalidInstanceType = "InvalidInstanceType"; // -InstanceType is not family.size (t3.micro).
    public const string InvalidNetworkId = "InvalidNetworkId"; // -SubnetId or -SecurityGroupId is not a subnet-/sg- id.
    public const string InvalidRootVolume = "InvalidRootVolume"; // -RootVolumeSize out of 1-16,384 GiB or an unknown -RootVolumeType.
    public const string UserDataTooLarge = "UserDataTooLarge"; // The provisioning script is over EC2's 16 KB user data limit.
    public const string UserDataNotFound = "UserDataNotFound"; // -UserData is neither an existing file nor a script, or is empty.
    public const string InvalidFailurePattern = "InvalidFailurePattern"; // -FailurePattern is not a regular expression.
    public const string BuildProvisioningFailed = "BuildProvisioningFailed"; // The script printed a failure line or the build instance terminated itself.
    public const string BuildTimeout = "BuildTimeout"; // The build instance did not stop before -TimeoutSec.
    public const string BuildInstanceNotTerminated = "BuildInstanceNotTerminated"; // Cleaning up: a build instance could not be terminated (it is named).
    // Governance: Allowed AMIs, lineage, time-based and account-to-account copies, tags in consumer accounts (issue 18).
    public const string AllowedAmisWouldBlock = "AllowedAmisWouldBlock"; // Set-AmiAllowedSetting: instances or launch templates use images the new settings would not allow (-Force).
    public const string InvalidImageCriterion = "InvalidImageCriterion"; // An Allowed AMIs criterion EC2 would refuse ('none' with others, too many values).
    public const string TargetAccountsNeeded = "TargetAccountsNeeded"; // Copy-AmiToAccount / Sync-AmiTag without -RoleArn or -RoleName with -RoleAccountId.
    public const string InvalidCompletionDuration = "InvalidCompletionDuration"; // -CompletionDurationMinutes is not 15..2880 in 15-minute steps.
}
