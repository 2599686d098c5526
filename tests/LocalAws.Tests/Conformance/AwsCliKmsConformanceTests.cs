using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LocalAws.Tests.Conformance;

/// <summary>Every KMS action LocalAws implements, through the AWS CLI's JSON 1.1 client.</summary>
public sealed class AwsCliKmsConformanceTests : IClassFixture<AwsCliFixture>
{
    private readonly AwsCliFixture _aws;

    public AwsCliKmsConformanceTests(AwsCliFixture aws) => _aws = aws;

    private static string Str(JsonElement e, string path) =>
        path.Split('.').Aggregate(e, (current, name) => current.GetProperty(name)).GetString()!;

    [Fact]
    public async Task Keys_aliases_and_key_states()
    {
        var cli = _aws.Cli;
        const string R = "eu-west-1";
        var key = (await cli.OkAsync(R, "kms", "create-key", "--description", "golden", "--tags", "TagKey=Team,TagValue=platform")).GetProperty("KeyMetadata");
        var keyId = key.GetProperty("KeyId").GetString()!;
        var arn = key.GetProperty("Arn").GetString()!;
        Assert.Equal($"arn:aws:kms:{R}:{LocalAwsAccounts.DefaultAccount}:key/{keyId}", arn);
        Assert.Equal("Enabled", key.GetProperty("KeyState").GetString());
        Assert.Equal("CUSTOMER", key.GetProperty("KeyManager").GetString());
        Assert.Equal("SYMMETRIC_DEFAULT", key.GetProperty("KeySpec").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", key.GetProperty("CreationDate").GetString()); // epoch seconds on the wire, a timestamp to the CLI

        await cli.OkAsync(R, "kms", "create-alias", "--alias-name", "alias/golden", "--target-key-id", keyId);
        var byId = cli.OkAsync(R, "kms", "describe-key", "--key-id", keyId);
        var byArn = cli.OkAsync(R, "kms", "describe-key", "--key-id", arn);
        var byAlias = cli.OkAsync(R, "kms", "describe-key", "--key-id", "alias/golden");
        var byAliasArn = cli.OkAsync(R, "kms", "describe-key", "--key-id", $"arn:aws:kms:{R}:{LocalAwsAccounts.DefaultAccount}:alias/golden");
        var reserved = cli.FailsAsync(R, "NotAuthorizedException", "kms", "create-alias", "--alias-name", "alias/aws/golden", "--target-key-id", keyId);
        var duplicate = cli.FailsAsync(R, "AlreadyExistsException", "kms", "create-alias", "--alias-name", "alias/golden", "--target-key-id", keyId);
        var unknown = cli.FailsAsync(R, "NotFoundException", "kms", "describe-key", "--key-id", "alias/unknown");
        var tags = cli.OkAsync(R, "kms", "list-resource-tags", "--key-id", keyId);
        foreach (var t in new[] { byId, byArn, byAlias, byAliasArn }) Assert.Equal(arn, Str(await t, "KeyMetadata.Arn"));
        await reserved;
        Assert.Contains("already exists", (await duplicate).ErrorMessage, StringComparison.Ordinal);
        Assert.Equal($"Alias arn:aws:kms:{R}:{LocalAwsAccounts.DefaultAccount}:alias/unknown is not found.", (await unknown).ErrorMessage);
        Assert.Equal("platform", Str((await tags).GetProperty("Tags")[0], "TagValue"));

        var aliases = (await cli.OkAsync(R, "kms", "list-aliases", "--query", "Aliases[].[AliasName,TargetKeyId]")).EnumerateArray()
            .Select(a => (a[0].GetString(), a[1].ValueKind == JsonValueKind.String ? a[1].GetString() : null)).ToList();
        Assert.Equal(new[] { ((string?)"alias/aws/ebs", (string?)null), ("alias/golden", keyId) }, aliases);

        // Disable, refuse cryptography, enable, round-trip data.
        await cli.OkAsync(R, "kms", "disable-key", "--key-id", keyId);
        var disabled = cli.OkAsync(R, "kms", "describe-key", "--key-id", keyId, "--query", "KeyMetadata.[KeyState,Enabled]");
        var refused = cli.FailsAsync(R, "DisabledException", "kms", "encrypt", "--key-id", keyId, "--plaintext", Convert.ToBase64String(Encoding.UTF8.GetBytes("x")));
        Assert.Equal("[\"Disabled\",false]", (await disabled).GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal($"{arn} is disabled.", (await refused).ErrorMessage);
        await cli.OkAsync(R, "kms", "enable-key", "--key-id", keyId);
        var encrypted = await cli.OkAsync(R, "kms", "encrypt", "--key-id", "alias/golden", "--plaintext", Convert.ToBase64String(Encoding.UTF8.GetBytes("golden secret")),
            "--encryption-context", "app=golden");
        Assert.Equal(arn, Str(encrypted, "KeyId"));
        var decrypt = cli.OkAsync(R, "kms", "decrypt", "--ciphertext-blob", Str(encrypted, "CiphertextBlob"), "--encryption-context", "app=golden");
        var dataKey = cli.OkAsync(R, "kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_256");
        var dataKeyOnly = cli.OkAsync(R, "kms", "generate-data-key-without-plaintext", "--key-id", keyId, "--number-of-bytes", "16");
        Assert.Equal("golden secret", Encoding.UTF8.GetString(Convert.FromBase64String(Str(await decrypt, "Plaintext"))));
        Assert.Equal(32, Convert.FromBase64String(Str(await dataKey, "Plaintext")).Length);
        Assert.False((await dataKeyOnly).TryGetProperty("Plaintext", out _));

        // Update and delete aliases; descriptions and tags.
        var second = Str(await cli.OkAsync(R, "kms", "create-key"), "KeyMetadata.KeyId");
        await cli.OkAsync(R, "kms", "update-alias", "--alias-name", "alias/golden", "--target-key-id", second);
        var described = cli.OkAsync(R, "kms", "update-key-description", "--key-id", second, "--description", "retired");
        var tagged = cli.OkAsync(R, "kms", "tag-resource", "--key-id", second, "--tags", "TagKey=Env,TagValue=prod", "TagKey=Tier,TagValue=1");
        await described;
        await tagged;
        await cli.OkAsync(R, "kms", "untag-resource", "--key-id", second, "--tag-keys", "Tier");
        var secondTags = cli.OkAsync(R, "kms", "list-resource-tags", "--key-id", second, "--query", "Tags[].TagKey");
        var description = cli.OkAsync(R, "kms", "describe-key", "--key-id", "alias/golden", "--query", "KeyMetadata.[KeyId,Description]");
        Assert.Equal("[\"Env\"]", (await secondTags).GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal($"[\"{second}\",\"retired\"]", (await description).GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)); // moved by update-alias
        await cli.OkAsync(R, "kms", "delete-alias", "--alias-name", "alias/golden");
        await cli.FailsAsync(R, "NotFoundException", "kms", "delete-alias", "--alias-name", "alias/golden");
    }

    [Fact]
    public async Task Key_deletion_policies_and_the_AWS_managed_key()
    {
        var cli = _aws.Cli;
        const string R = "eu-west-2";
        var keyId = Str(await cli.OkAsync(R, "kms", "create-key"), "KeyMetadata.KeyId");
        var scheduled = await cli.OkAsync(R, "kms", "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7");
        Assert.Equal("PendingDeletion", Str(scheduled, "KeyState"));
        Assert.Equal(7, scheduled.GetProperty("PendingWindowInDays").GetInt32());
        var invalidState = cli.FailsAsync(R, "KMSInvalidStateException", "kms", "enable-key", "--key-id", keyId);
        var tooShort = cli.FailsAsync(R, "ValidationException", "kms", "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "3");
        Assert.EndsWith("is pending deletion.", (await invalidState).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("greater than or equal to 7", (await tooShort).ErrorMessage, StringComparison.Ordinal);
        await cli.OkAsync(R, "kms", "cancel-key-deletion", "--key-id", keyId);
        Assert.Equal("Disabled", (await cli.OkAsync(R, "kms", "describe-key", "--key-id", keyId, "--query", "KeyMetadata.KeyState")).GetString());

        var policy = cli.RunAsync(R, "kms", "get-key-policy", "--key-id", keyId, "--policy-name", "default", "--query", "Policy", "--output", "text");
        var names = cli.OkAsync(R, "kms", "list-key-policies", "--key-id", keyId, "--query", "PolicyNames");
        var lockout = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + LocalAwsAccounts.AccountB + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        var refused = cli.FailsAsync(R, "MalformedPolicyDocumentException", "kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default", "--policy", lockout);
        // --output text prints the policy document itself (the Policy member is a JSON string).
        Assert.Equal("key-default-1", JsonDocument.Parse((await policy).Stdout).RootElement.GetProperty("Id").GetString());
        Assert.Equal("default", (await names)[0].GetString());
        await refused;
        await cli.OkAsync(R, "kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default", "--policy", KmsKeyTests.SharedPolicy(LocalAwsAccounts.AccountB));

        var ebs = (await cli.OkAsync(R, "kms", "describe-key", "--key-id", "alias/aws/ebs")).GetProperty("KeyMetadata");
        Assert.Equal("AWS", ebs.GetProperty("KeyManager").GetString());
        var grantOnManaged = cli.FailsAsync(R, "AccessDeniedException", "kms", "create-grant", "--key-id", ebs.GetProperty("KeyId").GetString()!,
            "--grantee-principal", $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root", "--operations", "Decrypt");
        var bManaged = _aws.CliB.FailsAsync(R, "AccessDeniedException", "kms", "describe-key", "--key-id", ebs.GetProperty("Arn").GetString()!);
        var bShared = _aws.CliB.OkAsync(R, "kms", "describe-key", "--key-id", $"arn:aws:kms:{R}:{LocalAwsAccounts.DefaultAccount}:key/{keyId}");
        Assert.Contains("is not authorized to perform: kms:CreateGrant", (await grantOnManaged).ErrorMessage, StringComparison.Ordinal);
        await bManaged;
        Assert.Equal(keyId, Str(await bShared, "KeyMetadata.KeyId"));
    }

    [Fact]
    public async Task Grants_are_idempotent_by_name_page_and_retire()
    {
        var cli = _aws.Cli;
        const string R = "eu-central-1";
        var key = (await cli.OkAsync(R, "kms", "create-key")).GetProperty("KeyMetadata");
        var keyId = key.GetProperty("KeyId").GetString()!;
        var grantee = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root";
        var denied = await _aws.CliB.FailsAsync(R, "AccessDeniedException", "kms", "describe-key", "--key-id", key.GetProperty("Arn").GetString()!);
        Assert.Contains("because no resource-based policy allows the kms:DescribeKey action", denied.ErrorMessage, StringComparison.Ordinal);

        string[] Grant(string name, params string[] ops) =>
            new[] { "kms", "create-grant", "--key-id", keyId, "--grantee-principal", grantee, "--name", name, "--operations" }.Concat(ops).ToArray();
        var first = await cli.OkAsync(R, Grant("copy", "Decrypt", "DescribeKey"));
        var again = cli.OkAsync(R, Grant("copy", "DescribeKey", "Decrypt"));
        var other = cli.OkAsync(R, Grant("other", "Encrypt"));
        var third = cli.OkAsync(R, Grant("third", "RetireGrant", "Decrypt"));
        Assert.Equal(Str(first, "GrantId"), Str(await again, "GrantId"));
        Assert.NotEqual(Str(first, "GrantToken"), Str(await again, "GrantToken"));
        var otherId = Str(await other, "GrantId");
        var thirdId = Str(await third, "GrantId");

        // The grant lets B describe the key by ARN.
        var bDescribes = _aws.CliB.OkAsync(R, "kms", "describe-key", "--key-id", key.GetProperty("Arn").GetString()!);
        var all = cli.OkAsync(R, "kms", "list-grants", "--key-id", keyId, "--page-size", "2", "--query", "Grants[].GrantId");
        var firstTwo = cli.OkAsync(R, "kms", "list-grants", "--key-id", keyId, "--max-items", "2");
        var filtered = cli.OkAsync(R, "kms", "list-grants", "--key-id", keyId, "--grant-id", otherId);
        Assert.Equal(keyId, Str(await bDescribes, "KeyMetadata.KeyId"));
        var listed = (await all).EnumerateArray().Select(g => g.GetString()).ToList(); // "other" and "third" were created concurrently
        Assert.Equal(new[] { Str(first, "GrantId"), otherId, thirdId }.Order(), listed.Order());
        var page = await firstTwo;
        Assert.Equal(2, page.GetProperty("Grants").GetArrayLength());
        var rest = await cli.OkAsync(R, "kms", "list-grants", "--key-id", keyId, "--max-items", "2", "--starting-token", Str(page, "NextToken"));
        Assert.Equal(listed, page.GetProperty("Grants").EnumerateArray().Concat(rest.GetProperty("Grants").EnumerateArray()).Select(g => Str(g, "GrantId")));
        Assert.False(rest.TryGetProperty("NextToken", out _));
        var entry = (await filtered).GetProperty("Grants")[0];
        Assert.Equal("other", Str(entry, "Name"));
        Assert.Equal(key.GetProperty("Arn").GetString(), Str(entry, "KeyId"));
        Assert.Equal($"arn:aws:iam::{LocalAwsAccounts.DefaultAccount}:root", Str(entry, "IssuingAccount"));

        var byToken = cli.OkAsync(R, "kms", "retire-grant", "--grant-token", Str(first, "GrantToken"));
        var byGrantee = _aws.CliB.OkAsync(R, "kms", "retire-grant", "--key-id", key.GetProperty("Arn").GetString()!, "--grant-id", thirdId);
        var revoke = cli.OkAsync(R, "kms", "revoke-grant", "--key-id", keyId, "--grant-id", otherId);
        var badToken = cli.FailsAsync(R, "InvalidGrantTokenException", "kms", "retire-grant", "--grant-token", "bogus");
        await byToken;
        await byGrantee;
        await revoke;
        await badToken;
        Assert.Equal(0, (await cli.OkAsync(R, "kms", "list-grants", "--key-id", keyId, "--query", "length(Grants)")).GetInt32());
        await _aws.CliB.FailsAsync(R, "AccessDeniedException", "kms", "describe-key", "--key-id", key.GetProperty("Arn").GetString()!);
    }

    [Fact]
    public async Task List_keys_and_aliases_paginate()
    {
        var cli = _aws.Cli;
        const string R = "eu-north-1";
        await _aws.Control.SeedAsync(new SeedRequest
        {
            Region = R, Keys = Enumerable.Range(0, 5).Select(i => new SeedKey { Alias = $"alias/k{i}" }).ToArray(),
        });
        var keys = cli.OkAsync(R, "kms", "list-keys", "--page-size", "2", "--query", "length(Keys)");
        var limited = cli.OkAsync(R, "kms", "list-keys", "--max-items", "3");
        var aliases = cli.OkAsync(R, "kms", "list-aliases", "--page-size", "4", "--query", "Aliases[].AliasName");
        Assert.Equal(5, (await keys).GetInt32());
        Assert.Equal(5 + 1, (await aliases).GetArrayLength()); // plus alias/aws/ebs
        var page = await limited;
        Assert.Equal(3, page.GetProperty("Keys").GetArrayLength());
        Assert.True(page.TryGetProperty("NextToken", out _));
        var rest = await cli.OkAsync(R, "kms", "list-keys", "--max-items", "3", "--starting-token", Str(page, "NextToken"));
        Assert.Equal(2, rest.GetProperty("Keys").GetArrayLength());
        Assert.False(rest.TryGetProperty("NextToken", out _));
    }
}
