using System;
using System.Collections.Generic;
using System.Net.Http;
using Amazon.Runtime;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Errors;

/// <summary>
/// The one place where AWS error codes become our ErrorIds and categories. Every SDK exception leaving
/// the engine passes through <see cref="Translate"/>.
/// </summary>
public static class AwsErrorMap
{
    private static readonly Dictionary<string, (string ErrorId, AmiErrorCategory Category)> ByCode =
        new Dictionary<string, (string, AmiErrorCategory)>(StringComparer.Ordinal)
        {
            ["InvalidAMIID.NotFound"] = (ErrorIds.AmiNotFound, AmiErrorCategory.ObjectNotFound),
            ["InvalidAMIID.Unavailable"] = (ErrorIds.AmiNotFound, AmiErrorCategory.ObjectNotFound),
            ["InvalidAMIID.Malformed"] = (ErrorIds.InvalidImageId, AmiErrorCategory.InvalidArgument),
            ["InvalidAMIName.Duplicate"] = (ErrorIds.AmiNameInUse, AmiErrorCategory.ResourceExists),
            ["InvalidAMIName.Malformed"] = (ErrorIds.InvalidAmiName, AmiErrorCategory.InvalidArgument),
            ["InvalidInstanceID.NotFound"] = (ErrorIds.InstanceNotFound, AmiErrorCategory.ObjectNotFound),
            ["InvalidInstanceID.Malformed"] = (ErrorIds.InvalidInstanceId, AmiErrorCategory.InvalidArgument),
            ["IncorrectInstanceState"] = (ErrorIds.InstanceNotReady, AmiErrorCategory.ResourceUnavailable),
            ["InvalidSnapshot.NotFound"] = (ErrorIds.SnapshotNotFound, AmiErrorCategory.ObjectNotFound),
            ["InvalidSnapshot.InUse"] = (ErrorIds.SnapshotInUse, AmiErrorCategory.ResourceBusy),
            ["InvalidParameterValue"] = (ErrorIds.InvalidParameterValue, AmiErrorCategory.InvalidArgument),
            ["InvalidParameterCombination"] = (ErrorIds.InvalidParameterValue, AmiErrorCategory.InvalidArgument),
            ["InvalidParameter"] = (ErrorIds.InvalidParameterValue, AmiErrorCategory.InvalidArgument),
            ["InvalidRegion"] = (ErrorIds.InvalidRegion, AmiErrorCategory.InvalidArgument),
            ["AuthFailure"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["InvalidClientTokenId"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["SignatureDoesNotMatch"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["UnrecognizedClientException"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["InvalidSignatureException"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["IncorrectSignature"] = (ErrorIds.AwsAuthenticationFailed, AmiErrorCategory.AuthenticationError),
            ["ExpiredToken"] = (ErrorIds.AwsCredentialsExpired, AmiErrorCategory.AuthenticationError),
            ["ExpiredTokenException"] = (ErrorIds.AwsCredentialsExpired, AmiErrorCategory.AuthenticationError),
            ["RequestExpired"] = (ErrorIds.AwsCredentialsExpired, AmiErrorCategory.AuthenticationError),
            ["UnauthorizedOperation"] = (ErrorIds.AccessDenied, AmiErrorCategory.PermissionDenied),
            ["AccessDenied"] = (ErrorIds.AccessDenied, AmiErrorCategory.PermissionDenied),
            ["AccessDeniedException"] = (ErrorIds.AccessDenied, AmiErrorCategory.PermissionDenied),
            ["RequestLimitExceeded"] = (ErrorIds.AwsThrottled, AmiErrorCategory.LimitsExceeded),
            ["Throttling"] = (ErrorIds.AwsThrottled, AmiErrorCategory.LimitsExceeded),
            ["ThrottlingException"] = (ErrorIds.AwsThrottled, AmiErrorCategory.LimitsExceeded),
            ["ResourceLimitExceeded"] = (ErrorIds.AwsQuotaExceeded, AmiErrorCategory.QuotaExceeded),
            ["Unavailable"] = (ErrorIds.AwsServiceUnavailable, AmiErrorCategory.ResourceUnavailable),
            ["ServiceUnavailable"] = (ErrorIds.AwsServiceUnavailable, AmiErrorCategory.ResourceUnavailable),
            ["InternalError"] = (ErrorIds.AwsServiceUnavailable, AmiErrorCategory.ResourceUnavailable),
            ["NotFoundException"] = (ErrorIds.KmsKeyNotFound, AmiErrorCategory.ObjectNotFound),
            ["DisabledException"] = (ErrorIds.KmsKeyDisabled, AmiErrorCategory.InvalidOperation),
            ["KMSInvalidStateException"] = (ErrorIds.KmsKeyDisabled, AmiErrorCategory.InvalidOperation),
            ["OptInRequired"] = (ErrorIds.RegionNotEnabled, AmiErrorCategory.NotEnabled),
            // Sharing (ModifyImageAttribute, ModifySnapshotAttribute, KMS grants).
            ["InvalidAMIAttributeItemValue"] = (ErrorIds.InvalidPrincipal, AmiErrorCategory.InvalidArgument),
            ["InvalidUserID.Malformed"] = (ErrorIds.InvalidAccountId, AmiErrorCategory.InvalidArgument),
            ["OperationNotPermitted"] = (ErrorIds.OperationNotPermitted, AmiErrorCategory.InvalidOperation),
            ["InvalidArnException"] = (ErrorIds.InvalidPrincipal, AmiErrorCategory.InvalidArgument),
            ["LimitExceededException"] = (ErrorIds.AwsQuotaExceeded, AmiErrorCategory.QuotaExceeded),
            // Retirement (DisableImage/EnableImage on an image in the wrong state, DeleteSnapshot).
            ["IncorrectState"] = (ErrorIds.IncorrectState, AmiErrorCategory.InvalidOperation),
            ["InvalidSnapshotID.Malformed"] = (ErrorIds.InvalidSnapshotId, AmiErrorCategory.InvalidArgument),
        };

    /// <summary>Our error for an exception thrown by an SDK call about <paramref name="target"/>.</summary>
    public static AmiOperationException Translate(Exception exception, string? target, string? context = null)
    {
        var prefix = context == null ? "" : context + ": ";
        switch (exception)
        {
            case AmiOperationException ours:
                return ours;
            case AmazonServiceException service when service.ErrorCode != null:
                var (errorId, category) = Classify(service.ErrorCode);
                return new AmiOperationException(errorId, category, target,
                    prefix + service.Message + " (AWS error " + service.ErrorCode + ")", service.ErrorCode, service);
            case AmazonServiceException service:
                return new AmiOperationException(ErrorIds.AwsRequestFailed, AmiErrorCategory.NotSpecified, target,
                    prefix + "AWS answered HTTP " + (int)service.StatusCode + ": " + service.Message, null, service);
            case OperationCanceledException timeout:
                // Not our cancellation (callers filter that out): the SDK's HTTP timeout.
                return new AmiOperationException(ErrorIds.AwsRequestTimedOut, AmiErrorCategory.OperationTimeout, target,
                    prefix + "AWS did not answer in time (" + timeout.Message + ")", null, timeout);
            case HttpRequestException http:
                return new AmiOperationException(ErrorIds.AwsConnectionFailed, AmiErrorCategory.ConnectionError, target,
                    prefix + "Could not reach the AWS endpoint: " + http.Message, null, http);
            case AmazonClientException client when client.Message.IndexOf("credentials", StringComparison.OrdinalIgnoreCase) >= 0:
                // The SDK's own message lists one exception per provider; the inner exception keeps it for -Debug.
                return new AmiOperationException(ErrorIds.AwsCredentialsNotFound, AmiErrorCategory.AuthenticationError, target,
                    prefix + CredentialSearch.Report(), null, client);
            case AmazonClientException client when client.InnerException is HttpRequestException http:
                return new AmiOperationException(ErrorIds.AwsConnectionFailed, AmiErrorCategory.ConnectionError, target,
                    prefix + "Could not reach the AWS endpoint: " + http.Message, null, client);
            case AmazonClientException client:
                return new AmiOperationException(ErrorIds.AwsClientError, AmiErrorCategory.NotSpecified, target, prefix + client.Message, null, client);
            default:
                return new AmiOperationException(ErrorIds.UnexpectedError, AmiErrorCategory.NotSpecified, target, prefix + exception.Message, null, exception);
        }
    }

    internal static (string ErrorId, AmiErrorCategory Category) Classify(string awsErrorCode) =>
        ByCode.TryGetValue(awsErrorCode, out var mapped) ? mapped : (ErrorIds.AwsRequestFailed, AmiErrorCategory.NotSpecified);

    /// <summary>
    /// True for failures that pass by themselves: throttling, a busy or failing service (any 5xx), a request that
    /// timed out, a lost connection. A read may simply be made again on them; who you are (authentication,
    /// permissions) and what you asked for (4xx) never pass.
    /// </summary>
    public static bool IsTransient(AmiOperationException error)
    {
        if (error.Category == AmiErrorCategory.AuthenticationError || error.Category == AmiErrorCategory.PermissionDenied) return false;
        switch (error.ErrorId)
        {
            case ErrorIds.AwsThrottled:
            case ErrorIds.AwsServiceUnavailable:
            case ErrorIds.AwsRequestTimedOut:
            case ErrorIds.AwsConnectionFailed:
                return true;
        }
        return error.InnerException is AmazonServiceException service && (int)service.StatusCode >= 500;
    }

    /// <summary>True for failures that stop everything (who you are, where you call), not just one item.</summary>
    public static bool IsFatal(AmiOperationException error) =>
        error.Category == AmiErrorCategory.AuthenticationError
        || error.Category == AmiErrorCategory.ConnectionError
        || error.ErrorId == ErrorIds.RegionNotSpecified
        || error.ErrorId == ErrorIds.ProfileNotFound;
}
