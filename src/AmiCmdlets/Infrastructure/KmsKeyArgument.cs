using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// -KmsKeyId: one key (id, ARN or alias) for every destination, or a hashtable of region = key. Shapes are
/// checked here, before any call; whether the key exists is the engine's pre-flight.
/// </summary>
internal static class KmsKeyArgument
{
    private static readonly Regex KeyShape = new Regex(
        @"\A([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+)\z",
        RegexOptions.CultureInvariant);

    public const string Shapes = "a key id (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN, or an alias (alias/golden)";

    /// <summary>Region (or "*" for all) to key. Throws ArgumentException with a message for the user.</summary>
    public static Dictionary<string, string> Parse(object? value, IReadOnlyCollection<string> destinations)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        value = PSValue.Unwrap(value);
        switch (value)
        {
            case null:
                return keys;
            case string key:
                keys["*"] = Check(key, "-KmsKeyId");
                return keys;
            case IDictionary table:
                foreach (DictionaryEntry entry in table)
                {
                    var region = PSValue.Text(entry.Key);
                    if (!RegionName.IsValid(region))
                        throw new ArgumentException("-KmsKeyId: '" + region + "' is not a region name. Use @{ 'eu-west-1' = 'alias/golden'; ... }.");
                    if (!destinations.Contains(region!))
                        throw new ArgumentException("-KmsKeyId names " + region + ", which is not one of the -DestinationRegion values (" + string.Join(", ", destinations) + ").");
                    keys[region!] = Check(PSValue.Text(entry.Value) ?? "", "-KmsKeyId for " + region);
                }
                var missing = destinations.Where(d => !keys.ContainsKey(d)).ToList();
                if (missing.Count > 0)
                    throw new ArgumentException("-KmsKeyId gives no key for " + string.Join(", ", missing) + ". Name a key for every destination region, or pass one key for all.");
                return keys;
            default:
                throw new ArgumentException("-KmsKeyId takes " + Shapes + ", or a hashtable of region = key.");
        }
    }

    /// <summary>
    /// Copy-AmiToAccount: one key for every target, or a hashtable whose keys are account ids, regions or
    /// "account/region" (the most specific wins). Throws ArgumentException with a message for the user.
    /// </summary>
    public static Dictionary<string, string> ParseForAccounts(object? value)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        value = PSValue.Unwrap(value);
        switch (value)
        {
            case null:
                return keys;
            case string key:
                keys["*"] = Check(key, "-KmsKeyId");
                return keys;
            case IDictionary table:
                foreach (DictionaryEntry entry in table)
                {
                    var where = PSValue.Text(entry.Key) ?? "";
                    var parts = where.Split('/');
                    var valid = parts.Length == 1 ? AccountShape.IsMatch(where) || RegionName.IsValid(where)
                        : parts.Length == 2 && AccountShape.IsMatch(parts[0]) && RegionName.IsValid(parts[1]);
                    if (!valid)
                        throw new ArgumentException("-KmsKeyId: '" + where + "' is not an account id, a region or 'account/region'. Use @{ '111122223333' = 'alias/golden'; '444455556666/eu-west-1' = 'alias/eu' }.");
                    keys[where] = Check(PSValue.Text(entry.Value) ?? "", "-KmsKeyId for " + where);
                }
                return keys;
            default:
                throw new ArgumentException("-KmsKeyId takes " + Shapes + ", or a hashtable of account id, region or 'account/region' = key.");
        }
    }

    private static readonly Regex AccountShape = new Regex(@"\A[0-9]{12}\z", RegexOptions.CultureInvariant);

    private static string Check(string key, string where)
    {
        if (!KeyShape.IsMatch(key)) throw new ArgumentException(where + ": " + AmiCmdlets.Engine.Input.InputText.Quote(key) + " is not " + Shapes + "." + AmiCmdlets.Engine.Input.InputText.WhitespaceHint(key));
        return key;
    }

}
