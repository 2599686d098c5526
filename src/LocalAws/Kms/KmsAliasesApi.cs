using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

/// <summary>Aliases: unique per account and region, "alias/" prefixed, "alias/aws/" reserved for AWS-managed keys.</summary>
internal static partial class KmsAliasesApi
{
    public static AwsResponse CreateAlias(AwsCall call, KmsRequest r)
    {
        var name = AliasName(r);
        var key = TargetKey(call, r, "CreateAlias");
        var scope = call.State.Kms.Scope(call.Account, call.Region);
        if (scope.Aliases.ContainsKey(name))
            throw new AwsException("AlreadyExistsException", $"An alias with the name {AliasArn(call, name)} already exists");
        var now = call.State.Now;
        scope.Aliases[name] = new KmsAlias { AliasName = name, TargetKeyId = key.KeyId, CreationDate = now, LastUpdatedDate = now };
        return KmsResponse.Empty();
    }

    public static AwsResponse UpdateAlias(AwsCall call, KmsRequest r)
    {
        var name = AliasName(r);
        var alias = Existing(call, name);
        var key = TargetKey(call, r, "UpdateAlias");
        alias.TargetKeyId = key.KeyId;
        alias.LastUpdatedDate = call.State.Now;
        return KmsResponse.Empty();
    }

    public static AwsResponse DeleteAlias(AwsCall call, KmsRequest r)
    {
        var name = AliasName(r);
        Existing(call, name);
        call.State.Kms.Scope(call.Account, call.Region).Aliases.Remove(name);
        return KmsResponse.Empty();
    }

    public static AwsResponse ListAliases(AwsCall call, KmsRequest r)
    {
        var limit = r.Int("Limit", 1, 100) ?? 50;
        var state = call.State;
        string? onlyKeyId = null;
        if (r.String("KeyId", 1, 2048) is { } keyRef)
            onlyKeyId = KmsAccess.Resolve(state, call.Principal, call.Region, keyRef, "ListAliases", allowAlias: false, crossAccount: false).KeyId;

        var scope = state.Kms.Scope(call.Account, call.Region);
        var rows = new List<(string Name, string? Target, KmsAlias? Alias)>();
        foreach (var predefined in KmsStore.PredefinedAliases.Keys)
        {
            // A predefined alias has no target until its AWS-managed key exists (AWS creates it on first use).
            var managedId = KmsStore.AwsManagedKeyId(predefined, call.Account, call.Region);
            var target = scope.ById.ContainsKey(managedId) ? managedId : null;
            rows.Add((predefined, target, null));
        }
        foreach (var alias in scope.Aliases.Values)
        {
            if (state.Kms.Find(call.Account, call.Region, alias.TargetKeyId, state.Now) is null) continue;
            rows.Add((alias.AliasName, alias.TargetKeyId, alias));
        }
        var selected = rows.Where(row => onlyKeyId is null || row.Target == onlyKeyId)
            .OrderBy(row => row.Name, StringComparer.Ordinal).ToList();

        var (page, next) = KmsMarker.Page(selected, "aliases", r.String("Marker"), limit);
        using var response = new KmsResponse();
        var w = response.Writer;
        w.WriteStartArray("Aliases");
        foreach (var (aliasName, target, alias) in page)
        {
            w.WriteStartObject();
            w.WriteString("AliasName", aliasName);
            w.WriteString("AliasArn", AliasArn(call, aliasName));
            if (target is not null) w.WriteString("TargetKeyId", target);
            if (alias is not null)
            {
                w.WriteNumber("CreationDate", KmsResponse.EpochSeconds(alias.CreationDate));
                w.WriteNumber("LastUpdatedDate", KmsResponse.EpochSeconds(alias.LastUpdatedDate));
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return response.Paging(next).Build();
    }

    private static string AliasName(KmsRequest r)
    {
        var name = r.Required("AliasName", 1, 256);
        if (!AliasPattern().IsMatch(name))
            throw KmsRequest.Validation($"Value '{name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        if (!name.StartsWith("alias/", StringComparison.Ordinal) || name.Length == "alias/".Length)
            throw new AwsException("ValidationException", "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        if (name.StartsWith("alias/aws/", StringComparison.Ordinal))
            throw new AwsException("NotAuthorizedException", "Cannot create, update or delete an alias with the reserved prefix 'alias/aws/'.");
        return name;
    }

    private static KmsKey TargetKey(AwsCall call, KmsRequest r, string action)
    {
        var target = r.Required("TargetKeyId", 1, 2048);
        if (target.StartsWith("alias/", StringComparison.Ordinal) || target.Contains(":alias/", StringComparison.Ordinal))
            throw new AwsException("ValidationException", "Aliases must refer to keys. Not aliases");
        var key = KmsAccess.Resolve(call.State, call.Principal, call.Region, target, action, allowAlias: false, crossAccount: false);
        KmsAccess.Authorize(call, key, action);
        if (key.State == KmsKeyStates.PendingDeletion) throw KmsKeysApi.PendingDeletion(key);
        return key;
    }

    private static KmsAlias Existing(AwsCall call, string name) =>
        call.State.Kms.Scope(call.Account, call.Region).Aliases.GetValueOrDefault(name)
        ?? throw new AwsException("NotFoundException", $"Alias {AliasArn(call, name)} is not found.");

    private static string AliasArn(AwsCall call, string name) => $"arn:aws:kms:{call.Region}:{call.Account}:{name}";

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex AliasPattern();
}
