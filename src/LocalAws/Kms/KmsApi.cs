using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>KMS (JSON 1.1, X-Amz-Target TrentService.*): keys, aliases, grants, key policies and envelope crypto, per account and region.</summary>
internal static class KmsApi
{
    public static AwsResponse Handle(AwsCall call)
    {
        var r = KmsRequest.Parse(call.Body);
        return call.Action switch
        {
            "CreateKey" => KmsKeysApi.CreateKey(call, r),
            "DescribeKey" => KmsKeysApi.DescribeKey(call, r),
            "ListKeys" => KmsKeysApi.ListKeys(call, r),
            "EnableKey" => KmsKeysApi.SetEnabled(call, r, enabled: true),
            "DisableKey" => KmsKeysApi.SetEnabled(call, r, enabled: false),
            "ScheduleKeyDeletion" => KmsKeysApi.ScheduleKeyDeletion(call, r),
            "CancelKeyDeletion" => KmsKeysApi.CancelKeyDeletion(call, r),
            "UpdateKeyDescription" => KmsKeysApi.UpdateKeyDescription(call, r),
            "GetKeyPolicy" => KmsKeysApi.GetKeyPolicy(call, r),
            "PutKeyPolicy" => KmsKeysApi.PutKeyPolicy(call, r),
            "ListKeyPolicies" => KmsKeysApi.ListKeyPolicies(call, r),
            "TagResource" => KmsKeysApi.TagResource(call, r),
            "UntagResource" => KmsKeysApi.UntagResource(call, r),
            "ListResourceTags" => KmsKeysApi.ListResourceTags(call, r),
            "CreateAlias" => KmsAliasesApi.CreateAlias(call, r),
            "UpdateAlias" => KmsAliasesApi.UpdateAlias(call, r),
            "DeleteAlias" => KmsAliasesApi.DeleteAlias(call, r),
            "ListAliases" => KmsAliasesApi.ListAliases(call, r),
            "CreateGrant" => KmsGrantsApi.CreateGrant(call, r),
            "ListGrants" => KmsGrantsApi.ListGrants(call, r),
            "RetireGrant" => KmsGrantsApi.RetireGrant(call, r),
            "RevokeGrant" => KmsGrantsApi.RevokeGrant(call, r),
            "Encrypt" => KmsCryptoApi.Encrypt(call, r),
            "Decrypt" => KmsCryptoApi.Decrypt(call, r),
            "GenerateDataKey" => KmsCryptoApi.GenerateDataKey(call, r, withPlaintext: true),
            "GenerateDataKeyWithoutPlaintext" => KmsCryptoApi.GenerateDataKey(call, r, withPlaintext: false),
            _ => throw AwsErrors.UnknownAction(AwsService.Kms, call.Action),
        };
    }
}
