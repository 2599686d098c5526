using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Completion;

/// <summary>
/// -KmsKeyId completion: the customer-managed key aliases of the resolved region (one ListAliases per
/// minute at most). AWS-managed aliases (alias/aws/...) are left out: encrypting without -KmsKeyId already
/// uses alias/aws/ebs, and images encrypted with it can never be shared with another account.
/// </summary>
public sealed class KmsAliasSuggestions(AwsClientFactory clients, SuggestionCache cache)
{
    /// <summary>The most ListAliases returns in one page.</summary>
    internal const int MaxAliases = 100;

    private const string AliasPrefix = "alias/";
    private const string AwsManagedPrefix = "alias/aws/";

    public static KmsAliasSuggestions Shared { get; } = new KmsAliasSuggestions(AwsClientFactory.Shared, SuggestionCache.Shared);

    /// <summary>Never throws; no suggestions when anything goes wrong.</summary>
    public IReadOnlyList<Suggestion> Suggest(ConnectionSettings parameters, ConnectionSettings? context, string? wordToComplete) =>
        cache.Suggest(clients, "kms-aliases", "KMS", parameters, context, wordToComplete, FetchAsync);

    private async Task<IReadOnlyList<Suggestion>> FetchAsync(ResolvedConnection connection, CancellationToken cancellationToken)
    {
        var response = await clients.Kms(connection).ListAliasesAsync(new ListAliasesRequest { Limit = MaxAliases }, cancellationToken).ConfigureAwait(false);
        return (response.Aliases ?? new List<AliasListEntry>())
            .Where(alias => alias.AliasName != null && !alias.AliasName.StartsWith(AwsManagedPrefix, StringComparison.Ordinal))
            .OrderBy(alias => alias.AliasName, StringComparer.Ordinal)
            .Select(alias => new Suggestion(alias.AliasName,
                "KMS key " + (alias.TargetKeyId ?? "(no target)") + " in " + connection.Region,
                alias.AliasName.StartsWith(AliasPrefix, StringComparison.Ordinal) ? alias.AliasName.Substring(AliasPrefix.Length) : null))
            .ToList();
    }
}
