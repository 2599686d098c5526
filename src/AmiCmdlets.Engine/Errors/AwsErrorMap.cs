using System;
using System.Collections.Generic;
using System.Net.Http;
using Amazon.Runtime;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Errors
{
    /// <summary>
    /// The one place where AWS error codes become our ErrorIds and categories. Every SDK exception leaving
    /// the engine passes through <see cref="Translate"/>.
    /// </summary>
    public static class AwsErrorMap
    {
        private static readonly Dictionary<string, (string ErrorId, AmiErrorCategory Category)> ByCode =
            new Dictionary<string, (string, AmiErrorCategory)>(StringComparer.Ordinal)
            {
                ["InvalidAMIID.NotFound"] = ("AmiNotFound", AmiErrorCategory.ObjectNotFound),
                ["InvalidAMIID.Unavailable"] = ("AmiNotFound", AmiErrorCategory.ObjectNotFound),
                ["InvalidAMIID.Malformed"] = ("InvalidImageId", AmiErrorCategory.InvalidArgument),
                ["InvalidAMIName.Duplicate"] = ("AmiNameInUse", AmiErrorCategory.ResourceExists),
                ["InvalidAMIName.Malformed"] = ("InvalidAmiName", AmiErrorCategory.InvalidArgument),
                ["InvalidInstanceID.NotFound"] = ("InstanceNotFound", AmiErrorCategory.ObjectNotFound),
                ["InvalidInstanceID.Malformed"] = ("InvalidInstanceId", AmiErrorCategory.InvalidArgument),
                ["IncorrectInstanceState"] = ("InstanceNotReady", AmiErrorCategory.ResourceUnavailable),
                ["InvalidSnapshot.NotFound"] = ("SnapshotNotFound", AmiErrorCategory.ObjectNotFound),
                ["InvalidSnapshot.InUse"] = ("SnapshotInUse", AmiErrorCategory.ResourceBusy),
                ["InvalidParameterValue"] = ("InvalidParameterValue", AmiErrorCategory.InvalidArgument),
                ["InvalidParameterCombination"] = ("InvalidParameterValue", AmiErrorCategory.InvalidArgument),
                ["InvalidParameter"] = ("InvalidParameterValue", AmiErrorCategory.InvalidArgument),
                ["InvalidRegion"] = ("InvalidRegion", AmiErrorCategory.InvalidArgument),
                ["AuthFailure"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["InvalidClientTokenId"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["SignatureDoesNotMatch"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["UnrecognizedClientException"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["InvalidSignatureException"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["IncorrectSignature"] = ("AwsAuthenticationFailed", AmiErrorCategory.AuthenticationError),
                ["ExpiredToken"] = ("AwsCredentialsExpired", AmiErrorCategory.AuthenticationError),
                ["ExpiredTokenException"] = ("AwsCredentialsExpired", AmiErrorCategory.AuthenticationError),
                ["RequestExpired"] = ("AwsCredentialsExpired", AmiErrorCategory.AuthenticationError),
                ["UnauthorizedOperation"] = ("AccessDenied", AmiErrorCategory.PermissionDenied),
                ["AccessDenied"] = ("AccessDenied", AmiErrorCategory.PermissionDenied),
                ["AccessDeniedException"] = ("AccessDenied", AmiErrorCategory.PermissionDenied),
                ["RequestLimitExceeded"] = ("AwsThrottled", AmiErrorCategory.LimitsExceeded),
                ["Throttling"] = ("AwsThrottled", AmiErrorCategory.LimitsExceeded),
                ["ThrottlingException"] = ("AwsThrottled", AmiErrorCategory.LimitsExceeded),
                ["ResourceLimitExceeded"] = ("AwsQuotaExceeded", AmiErrorCategory.QuotaExceeded),
                ["Unavailable"] = ("AwsServiceUnavailable", AmiErrorCategory.ResourceUnavailable),
                ["ServiceUnavailable"] = ("AwsServiceUnavailable", AmiErrorCategory.ResourceUnavailable),
                ["InternalError"] = ("AwsServiceUnavailable", AmiErrorCategory.ResourceUnavailable),
                ["NotFoundException"] = ("KmsKeyNotFound", AmiErrorCategory.ObjectNotFound),
                ["DisabledException"] = ("KmsKeyDisabled", AmiErrorCategory.InvalidOperation),
                ["KMSInvalidStateException"] = ("KmsKeyDisabled", AmiErrorCategory.InvalidOperation),
                ["OptInRequired"] = ("RegionNotEnabled", AmiErrorCategory.NotEnabled),
                // Sharing (ModifyImageAttribute, ModifySnapshotAttribute, KMS grants).
                ["InvalidAMIAttributeItemValue"] = ("InvalidPrincipal", AmiErrorCategory.InvalidArgument),
                ["InvalidUserID.Malformed"] = ("InvalidAccountId", AmiErrorCategory.InvalidArgument),
                ["OperationNotPermitted"] = ("OperationNotPermitted", AmiErrorCategory.InvalidOperation),
                ["InvalidArnException"] = ("InvalidPrincipal", AmiErrorCategory.InvalidArgument),
                ["LimitExceededException"] = ("AwsQuotaExceeded", AmiErrorCategory.QuotaExceeded),
                // Retirement (DisableImage/EnableImage on an image in the wrong state, DeleteSnapshot).
                ["IncorrectState"] = ("IncorrectState", AmiErrorCategory.InvalidOperation),
                ["InvalidSnapshotID.Malformed"] = ("InvalidSnapshotId", AmiErrorCategory.InvalidArgument),
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
                    return new AmiOperationException("AwsRequestFailed", AmiErrorCategory.NotSpecified, target,
                        prefix + "AWS answered HTTP " + (int)service.StatusCode + ": " + service.Message, null, service);
                case OperationCanceledException timeout:
                    // Not our cancellation (callers filter that out): the SDK's HTTP timeout.
                    return new AmiOperationException("AwsRequestTimedOut", AmiErrorCategory.OperationTimeout, target,
                        prefix + "AWS did not answer in time (" + timeout.Message + ")", null, timeout);
                case HttpRequestException http:
                    return new AmiOperationException("AwsConnectionFailed", AmiErrorCategory.ConnectionError, target,
                        prefix + "Could not reach the AWS endpoint: " + http.Message, null, http);
                case AmazonClientException client when client.Message.IndexOf("credentials", StringComparison.OrdinalIgnoreCase) >= 0:
                    // The SDK's own message lists one exception per provider; the inner exception keeps it for -Debug.
                    return new AmiOperationException("AwsCredentialsNotFound", AmiErrorCategory.AuthenticationError, target,
                        prefix + CredentialSearch.Report(), null, client);
                case AmazonClientException client when client.InnerException is HttpRequestException http:
                    return new AmiOperationException("AwsConnectionFailed", AmiErrorCategory.ConnectionError, target,
                        prefix + "Could not reach the AWS endpoint: " + http.Message, null, client);
                case AmazonClientException client:
                    return new AmiOperationException("AwsClientError", AmiErrorCategory.NotSpecified, target, prefix + client.Message, null, client);
                default:
                    return new AmiOperationException("UnexpectedError", AmiErrorCategory.NotSpecified, target, prefix + exception.Message, null, exception);
            }
        }

        internal static (string ErrorId, AmiErrorCategory Category) Classify(string awsErrorCode) =>
            ByCode.TryGetValue(awsErrorCode, out var mapped) ? mapped : ("AwsRequestFailed", AmiErrorCategory.NotSpecified);

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
                case "AwsThrottled":
                case "AwsServiceUnavailable":
                case "AwsRequestTimedOut":
                case "AwsConnectionFailed":
                    return true;
            }
            return error.InnerException is AmazonServiceException service && (int)service.StatusCode >= 500;
        }

        /// <summary>True for failures that stop everything (who you are, where you call), not just one item.</summary>
        public static bool IsFatal(AmiOperationException error) =>
            error.Category == AmiErrorCategory.AuthenticationError
            || error.Category == AmiErrorCategory.ConnectionError
            || error.ErrorId == "RegionNotSpecified"
            || error.ErrorId == "ProfileNotFound";
    }
}
