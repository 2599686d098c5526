using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>KMS (JSON 1.1, X-Amz-Target TrentService.*). Phase 1 authenticates only; keys come in phase 2.</summary>
internal static class KmsApi
{
    public static AwsResponse Handle(AwsCall call) => throw AwsErrors.UnknownAction(AwsService.Kms, call.Action);
}
