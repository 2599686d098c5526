using System.Text.Json;
using System.Text.RegularExpressions;
using LocalAws.Model;
using LocalAws.Protocol;

namespace LocalAws.Kms;

internal enum PolicyDecision { None, Allow, Deny }

/// <summary>
/// A key policy: the document as stored (GetKeyPolicy returns it verbatim) and its statements, evaluated
/// the way KMS does for the parts LocalAws needs: principals (account root, user, role and its sessions,
/// "*"), Action/NotAction wildcards, explicit Deny, and the conditions kms:CallerAccount, kms:ViaService,
/// kms:GrantIsForAWSResource, aws:PrincipalAccount, aws:PrincipalArn and aws:PrincipalOrgID. Other
/// condition keys and operators are treated as satisfied.
/// </summary>
internal sealed partial class KeyPolicy
{
    private readonly List<Statement> _statements;

    private KeyPolicy(string document, List<Statement> statements)
    {
        Document = document;
        _statements = statements;
    }

    public string Document { get; }

    /// <summary>The policy KMS gives a key created without one: the owning account (through IAM) may do everything.</summary>
    public static KeyPolicy Default(string account) => Parse(
        "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n" +
        "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n" +
        $"    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{account}:root\"\n    }},\n" +
        "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}");

    /// <summary>
    /// The policy of an AWS-managed key (as AWS writes it for aws/ebs): usable only by the owning account and
    /// only through the service; directly, the account may only read metadata and revoke grants. This is
    /// why AMIs encrypted with alias/aws/ebs cannot be shared with or copied by other accounts.
    /// </summary>
    public static KeyPolicy AwsManaged(string account, string region, string service) => Parse(
        $"{{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"auto-{service}-2\",\n  \"Statement\" : [ {{\n" +
        $"    \"Sid\" : \"Allow access through {service.ToUpperInvariant()} for all principals in the account that are authorized to use {service.ToUpperInvariant()}\",\n" +
        "    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"*\"\n    },\n" +
        "    \"Action\" : [ \"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", \"kms:CreateGrant\", \"kms:DescribeKey\" ],\n" +
        "    \"Resource\" : \"*\",\n    \"Condition\" : {\n      \"StringEquals\" : {\n" +
        $"        \"kms:CallerAccount\" : \"{account}\",\n        \"kms:ViaService\" : \"{ViaService(service == "ebs" ? "ec2" : service, region)}\"\n" +
        "      }\n    }\n  }, {\n    \"Sid\" : \"Allow direct access to key metadata to the account\",\n    \"Effect\" : \"Allow\",\n" +
        $"    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{account}:root\"\n    }},\n" +
        "    \"Action\" : [ \"kms:Describe*\", \"kms:Get*\", \"kms:List*\", \"kms:RevokeGrant\" ],\n    \"Resource\" : \"*\"\n  } ]\n}");

    /// <summary>
    /// The default policy plus the two statements the KMS console adds for "other AWS accounts": use of the
    /// key, and grants for AWS resources (what EBS needs to copy or launch from a shared encrypted AMI).
    /// </summary>
    public static KeyPolicy SharedWith(string account, IReadOnlyCollection<string> otherAccounts)
    {
        if (otherAccounts.Count == 0) return Default(account);
        var principals = string.Join(", ", otherAccounts.Select(a => $"\"arn:aws:iam::{a}:root\""));
        return Parse(
            "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-consolepolicy-3\",\n  \"Statement\" : [ {\n" +
            "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n" +
            $"    \"Principal\" : {{\n      \"AWS\" : \"arn:aws:iam::{account}:root\"\n    }},\n" +
            "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  }, {\n" +
            "    \"Sid\" : \"Allow use of the key\",\n    \"Effect\" : \"Allow\",\n" +
            $"    \"Principal\" : {{\n      \"AWS\" : [ {principals} ]\n    }},\n" +
            "    \"Action\" : [ \"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", \"kms:DescribeKey\" ],\n" +
            "    \"Resource\" : \"*\"\n  }, {\n" +
            "    \"Sid\" : \"Allow attachment of persistent resources\",\n    \"Effect\" : \"Allow\",\n" +
            $"    \"Principal\" : {{\n      \"AWS\" : [ {principals} ]\n    }},\n" +
            "    \"Action\" : [ \"kms:CreateGrant\", \"kms:ListGrants\", \"kms:RevokeGrant\" ],\n    \"Resource\" : \"*\",\n" +
            "    \"Condition\" : {\n      \"Bool\" : {\n        \"kms:GrantIsForAWSResource\" : \"true\"\n      }\n    }\n  } ]\n}");
    }

    public static string ViaService(string service, string region) => $"{service}.{region}.amazonaws.com";

    public static KeyPolicy Parse(string document)
    {
        JsonDocument json;
        try { json = JsonDocument.Parse(document); }
        catch (JsonException) { throw Malformed("The policy is not valid JSON."); }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw Malformed("The policy must be a JSON object.");
            if (!json.RootElement.TryGetProperty("Statement", out var statementsElement)) throw Malformed("The policy has no Statement.");
            var statements = new List<Statement>();
            if (statementsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in statementsElement.EnumerateArray()) statements.Add(Statement.Parse(s));
            }
            else statements.Add(Statement.Parse(statementsElement));
            if (statements.Count == 0) throw Malformed("The policy has no statements.");
            return new KeyPolicy(document, statements);
        }
    }

    public PolicyDecision Evaluate(Principal caller, string action, string? viaService)
    {
        var decision = PolicyDecision.None;
        foreach (var statement in _statements)
        {
            if (!statement.Applies(caller, action, viaService)) continue;
            if (!statement.Allow) return PolicyDecision.Deny;
            decision = PolicyDecision.Allow;
        }
        return decision;
    }

    /// <summary>Whether a principal named in a policy or grant covers the caller (account root covers everyone in the account).</summary>
    public static bool PrincipalMatches(string principal, Principal caller)
    {
        if (principal == "*") return true;
        if (AccountIdPattern().IsMatch(principal)) return principal == caller.Account;
        var m = PrincipalArnPattern().Match(principal);
        if (!m.Success || m.Groups["account"].Value != caller.Account) return false;
        var resource = m.Groups["resource"].Value;
        if (resource == "root") return true;
        var name = resource[(resource.LastIndexOf('/') + 1)..];
        return m.Groups["service"].Value switch
        {
            "sts" => string.Equals(principal, caller.Arn, StringComparison.Ordinal),
            _ when resource.StartsWith("role/", StringComparison.Ordinal) =>
                caller.Arn.StartsWith($"arn:aws:sts::{caller.Account}:assumed-role/{name}/", StringComparison.Ordinal),
            _ when resource.StartsWith("user/", StringComparison.Ordinal) =>
                string.Equals(caller.Arn, $"arn:aws:iam::{caller.Account}:user/{name}", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>An AWS principal as a policy or grant may name it: "*", an account id, or an IAM/STS principal ARN.</summary>
    public static bool IsValidAwsPrincipal(string principal) =>
        principal == "*" || AccountIdPattern().IsMatch(principal) || PrincipalArnPattern().IsMatch(principal);

    private static AwsException Malformed(string message) => new("MalformedPolicyDocumentException", message);

    private sealed class Statement
    {
        public bool Allow { get; private init; }
        private List<string> AwsPrincipals { get; init; } = new();
        private List<string>? Actions { get; init; }
        private List<string>? NotActions { get; init; }
        private List<(string Operator, string Key, List<string> Values)> Conditions { get; init; } = new();

        public static Statement Parse(JsonElement s)
        {
            if (s.ValueKind != JsonValueKind.Object) throw Malformed("Each policy statement must be a JSON object.");
            var effect = s.TryGetProperty("Effect", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (effect is not ("Allow" or "Deny")) throw Malformed("Policy statement Effect must be \"Allow\" or \"Deny\".");
            if (s.TryGetProperty("NotPrincipal", out _)) throw Malformed("LocalAws does not evaluate NotPrincipal in key policies.");
            if (!s.TryGetProperty("Principal", out var principal)) throw Malformed("Policy contains a statement with no principal.");

            var aws = new List<string>();
            if (principal.ValueKind == JsonValueKind.String)
            {
                if (principal.GetString() != "*") throw Malformed("Policy contains a statement with one or more invalid principals.");
                aws.Add("*");
            }
            else if (principal.ValueKind == JsonValueKind.Object)
            {
                foreach (var kind in principal.EnumerateObject())
                {
                    var values = Strings(kind.Value) ?? throw Malformed("Policy contains a statement with one or more invalid principals.");
                    if (kind.Name != "AWS") continue; // service and federated principals never match an API caller
                    foreach (var v in values)
                    {
                        if (!IsValidAwsPrincipal(v)) throw Malformed("Policy contains a statement with one or more invalid principals.");
                        aws.Add(v);
                    }
                }
            }
            else throw Malformed("Policy contains a statement with one or more invalid principals.");

            var actions = s.TryGetProperty("Action", out var a) ? Strings(a) : null;
            var notActions = s.TryGetProperty("NotAction", out var na) ? Strings(na) : null;
            if (actions is null && notActions is null) throw Malformed("Policy statement must contain Action or NotAction.");

            var conditions = new List<(string, string, List<string>)>();
            if (s.TryGetProperty("Condition", out var c))
            {
                if (c.ValueKind != JsonValueKind.Object) throw Malformed("Policy statement Condition must be an object.");
                foreach (var op in c.EnumerateObject())
                {
                    if (op.Value.ValueKind != JsonValueKind.Object) throw Malformed($"Condition operator {op.Name} must map keys to values.");
                    foreach (var key in op.Value.EnumerateObject())
                        conditions.Add((op.Name, key.Name, Strings(key.Value) ?? throw Malformed($"Condition {op.Name} {key.Name} has an invalid value.")));
                }
            }
            return new Statement { Allow = effect == "Allow", AwsPrincipals = aws, Actions = actions, NotActions = notActions, Conditions = conditions };
        }

        public bool Applies(Principal caller, string action, string? viaService)
        {
            if (!AwsPrincipals.Any(p => PrincipalMatches(p, caller))) return false;
            if (Actions is not null && !Actions.Any(p => ActionMatches(p, action))) return false;
            if (NotActions is not null && NotActions.Any(p => ActionMatches(p, action))) return false;
            return Conditions.All(c => ConditionHolds(c.Operator, c.Key, c.Values, caller, viaService));
        }

        private static bool ActionMatches(string pattern, string action)
        {
            if (pattern == "*") return true;
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(action, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        private static bool ConditionHolds(string op, string key, List<string> expected, Principal caller, string? viaService)
        {
            var ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
            var bare = ifExists ? op[..^"IfExists".Length] : op;
            var colon = bare.IndexOf(':');
            if (colon >= 0) bare = bare[(colon + 1)..]; // ForAnyValue:/ForAllValues: on single-valued keys
            if (!ContextValue(key, caller, viaService, out var actual)) return true; // a key LocalAws does not model
            if (bare == "Null") return expected.Contains(actual is null ? "true" : "false", StringComparer.OrdinalIgnoreCase);
            if (actual is null) return ifExists || bare.Contains("Not", StringComparison.Ordinal);
            return bare switch
            {
                "StringEquals" or "ArnEquals" => expected.Contains(actual, StringComparer.Ordinal),
                "StringNotEquals" or "ArnNotEquals" => !expected.Contains(actual, StringComparer.Ordinal),
                "StringEqualsIgnoreCase" => expected.Contains(actual, StringComparer.OrdinalIgnoreCase),
                "StringNotEqualsIgnoreCase" => !expected.Contains(actual, StringComparer.OrdinalIgnoreCase),
                "StringLike" or "ArnLike" => expected.Any(p => Wildcard.IsMatch(p, actual)),
                "StringNotLike" or "ArnNotLike" => !expected.Any(p => Wildcard.IsMatch(p, actual)),
                "Bool" => expected.Contains(actual, StringComparer.OrdinalIgnoreCase),
                _ => true,
            };
        }

        private static bool ContextValue(string key, Principal caller, string? viaService, out string? value)
        {
            value = null;
            switch (key.ToLowerInvariant())
            {
                case "kms:calleraccount":
                case "aws:principalaccount":
                    value = caller.Account;
                    return true;
                case "kms:viaservice":
                    value = viaService;
                    return true;
                case "kms:grantisforawsresource":
                    value = viaService is null ? "false" : "true";
                    return true;
                case "aws:principalarn":
                    var role = AssumedRolePattern().Match(caller.Arn);
                    value = role.Success ? $"arn:aws:iam::{caller.Account}:role/{role.Groups["role"].Value}" : caller.Arn;
                    return true;
                case "aws:principalorgid":
                    value = Organization.OrgIdOf(caller.Account);
                    return true;
                default:
                    return false;
            }
        }

        private static List<string>? Strings(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.True => ["true"],
            JsonValueKind.False => ["false"],
            JsonValueKind.Number => [element.GetRawText()],
            JsonValueKind.Array when element.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                element.EnumerateArray().Select(v => v.GetString()!).ToList(),
            _ => null,
        };
    }

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^arn:aws:(?<service>iam|sts)::(?<account>\d{12}):(?<resource>root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+|assumed-role/[\w+=,.@-]+/[\w+=,.@-]+|federated-user/[\w+=,.@-]+)$")]
    private static partial Regex PrincipalArnPattern();

    [GeneratedRegex(@"^arn:aws:sts::\d{12}:assumed-role/(?<role>[^/]+)/")]
    private static partial Regex AssumedRolePattern();
}
