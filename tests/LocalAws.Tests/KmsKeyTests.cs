using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Xunit;
using KmsTag = Amazon.KeyManagementService.Model.Tag;

namespace LocalAws.Tests;

public sealed class KmsKeyTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public KmsKeyTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    internal static async Task<AmazonKeyManagementServiceException> Fails(Func<Task> call, string code)
    {
        var e = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(call);
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
        return e;
    }

    [Fact]
    public async Task CreateKey_returns_AWS_shaped_metadata_with_defaults()
    {
        using var kms = _aws.Kms(region: "eu-west-1");
        var before = DateTime.UtcNow.AddSeconds(-2);
        var created = await kms.CreateKeyAsync(new CreateKeyRequest
        {
            Description = "golden images", Tags = new() { new KmsTag { TagKey = "Team", TagValue = "platform" } },
        });
        var key = created.KeyMetadata;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", key.KeyId);
        Assert.Equal($"arn:aws:kms:eu-west-1:{LocalAwsAccounts.DefaultAccount}:key/{key.KeyId}", key.Arn);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, key.AWSAccountId);
        Assert.Equal(KeyState.Enabled, key.KeyState);
        Assert.True(key.Enabled);
        Assert.Equal(KeyManagerType.CUSTOMER, key.KeyManager);
        Assert.Equal(KeySpec.SYMMETRIC_DEFAULT, key.KeySpec);
        Assert.Equal(KeyUsageType.ENCRYPT_DECRYPT, key.KeyUsage);
        Assert.Equal(OriginType.AWS_KMS, key.Origin);
        Assert.Equal("golden images", key.Description);
        Assert.Equal(new[] { "SYMMETRIC_DEFAULT" }, key.EncryptionAlgorithms);
        Assert.InRange(key.CreationDate!.Value.ToUniversalTime(), before, DateTime.UtcNow.AddSeconds(2));

        var tags = await kms.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = key.KeyId });
        Assert.Equal("platform", Assert.Single(tags.Tags).TagValue);

        var rsa = (await kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.SIGN_VERIFY })).KeyMetadata;
        Assert.Contains("RSASSA_PSS_SHA_256", rsa.SigningAlgorithms);
        await Fails(() => kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.HMAC_256, KeyUsage = KeyUsageType.ENCRYPT_DECRYPT }), "ValidationException");

        // Keys are per region: the eu-west-1 key does not exist in us-east-1.
        using var east = _aws.Kms(region: "us-east-1");
        await Fails(() => east.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }), "NotFoundException");
    }

    [Fact]
    public async Task DescribeKey_accepts_key_id_key_arn_alias_name_and_alias_arn()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/golden", TargetKeyId = key.KeyId });
        var aliasArn = $"arn:aws:kms:us-east-1:{LocalAwsAccounts.DefaultAccount}:alias/golden";
        foreach (var id in new[] { key.KeyId, key.Arn, "alias/golden", aliasArn })
            Assert.Equal(key.Arn, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = id })).KeyMetadata.Arn);

        var missing = await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "0b7c1b1e-1111-4222-8333-444455556666" }), "NotFoundException");
        Assert.Equal($"Key 'arn:aws:kms:us-east-1:{LocalAwsAccounts.DefaultAccount}:key/0b7c1b1e-1111-4222-8333-444455556666' does not exist", missing.Message);
        var alias = await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/nope" }), "NotFoundException");
        Assert.Equal($"Alias arn:aws:kms:us-east-1:{LocalAwsAccounts.DefaultAccount}:alias/nope is not found.", alias.Message);
        await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "golden" }), "NotFoundException");
        await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "arn:aws:kms:us-east-1:123:key/x" }), "InvalidArnException");
        // A key ARN of another region names no key here.
        await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn.Replace("us-east-1", "eu-west-1", StringComparison.Ordinal) }), "NotFoundException");
    }

    [Fact]
    public async Task CreateAlias_enforces_prefix_reserved_names_uniqueness_and_key_targets()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var e = await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "golden", TargetKeyId = key.KeyId }), "ValidationException");
        Assert.Contains("alias/", e.Message, StringComparison.Ordinal);
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/aws/mine", TargetKeyId = key.KeyId }), "NotAuthorizedException");
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = string.Concat("alias/has", " space"), TargetKeyId = key.KeyId }), "ValidationException");
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/golden", TargetKeyId = key.Arn });
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/golden", TargetKeyId = key.KeyId }), "AlreadyExistsException");
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/other", TargetKeyId = "alias/golden" }), "ValidationException");
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/other", TargetKeyId = "0b7c1b1e-1111-4222-8333-444455556666" }), "NotFoundException");

        var second = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        await kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = "alias/golden", TargetKeyId = second.KeyId });
        Assert.Equal(second.KeyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/golden" })).KeyMetadata.KeyId);
        await kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = "alias/golden" });
        await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/golden" }), "NotFoundException");
        await Fails(() => kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = "alias/golden" }), "NotFoundException");
    }

    [Fact]
    public async Task Every_region_has_alias_aws_ebs_whose_AWS_managed_key_appears_on_first_use_with_a_stable_id()
    {
        using var kms = _aws.Kms(region: "eu-central-1");
        var before = Assert.Single((await kms.ListAliasesAsync(new ListAliasesRequest())).Aliases);
        Assert.Equal("alias/aws/ebs", before.AliasName);
        Assert.Equal($"arn:aws:kms:eu-central-1:{LocalAwsAccounts.DefaultAccount}:alias/aws/ebs", before.AliasArn);
        Assert.Null(before.TargetKeyId); // predefined, not yet associated (AWS creates the key on first use)

        var ebs = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata;
        Assert.Equal(KeyManagerType.AWS, ebs.KeyManager);
        Assert.Equal("Default key that protects my EBS volumes when no other key is defined", ebs.Description);
        Assert.Equal(ebs.KeyId, Assert.Single((await kms.ListAliasesAsync(new ListAliasesRequest())).Aliases).TargetKeyId);
        Assert.Contains((await kms.ListKeysAsync(new ListKeysRequest())).Keys, k => k.KeyArn == ebs.Arn);

        var policy = JsonDocument.Parse((await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = ebs.KeyId, PolicyName = "default" })).Policy);
        Assert.Equal("auto-ebs-2", policy.RootElement.GetProperty("Id").GetString());

        // The same id after a reset and in EC2's view of encrypted images; another account and region have their own.
        await _aws.Control.ResetAsync();
        Assert.Equal(ebs.KeyId, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.KeyId);
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Region = "eu-central-1", Images = new[] { new SeedImage { Name = "enc", Encrypted = true } } });
        using var ec2 = _aws.Ec2("eu-central-1");
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { seeded.ImageIds[0] } })).Images.Single();
        Assert.Equal(ebs.Arn, image.BlockDeviceMappings.Single().Ebs.KmsKeyId);
        using var other = _aws.Kms(Keys.AccountB, "eu-central-1");
        Assert.NotEqual(ebs.KeyId, (await other.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.KeyId);
        using var west = _aws.Kms(region: "eu-west-1");
        Assert.NotEqual(ebs.KeyId, (await west.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.KeyId);
    }

    [Fact]
    public async Task An_AWS_managed_key_is_not_manageable_and_not_usable_by_other_accounts()
    {
        using var kms = _aws.Kms();
        var ebs = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata;
        await Fails(() => kms.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = ebs.KeyId, GranteePrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root", Operations = new() { GrantOperation.Decrypt },
        }), "AccessDeniedException");
        await Fails(() => kms.DisableKeyAsync(new DisableKeyRequest { KeyId = ebs.KeyId }), "AccessDeniedException");
        await Fails(() => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = ebs.KeyId, PolicyName = "default", Policy = SharedPolicy(LocalAwsAccounts.AccountB) }), "AccessDeniedException");
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/mine", TargetKeyId = ebs.KeyId }), "AccessDeniedException");

        using var b = _aws.Kms(Keys.AccountB);
        var denied = await Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = ebs.Arn }), "AccessDeniedException");
        Assert.Contains("kms:DescribeKey", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_key_refuses_cryptography_and_grants_until_enabled()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("secret")) });
        Assert.Equal(key.Arn, encrypted.KeyId);

        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId });
        var described = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata;
        Assert.Equal(KeyState.Disabled, described.KeyState);
        Assert.False(described.Enabled);
        var e = await Fails(() => kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(new byte[] { 1 }) }), "DisabledException");
        Assert.Equal($"{key.Arn} is disabled.", e.Message);
        await Fails(() => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob }), "DisabledException");
        await Fails(() => kms.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId, GranteePrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root", Operations = new() { GrantOperation.Decrypt },
        }), "DisabledException");
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }); // disabling a disabled key is fine

        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.Arn });
        encrypted.CiphertextBlob.Position = 0;
        var plain = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob });
        Assert.Equal("secret", Encoding.UTF8.GetString(plain.Plaintext.ToArray()));
        var dataKey = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 });
        Assert.Equal(32, dataKey.Plaintext.Length);
        // The AWS-managed EBS key serves EBS only: direct cryptography is denied even to its own account.
        await Fails(() => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/aws/ebs", KeySpec = DataKeySpec.AES_256 }), "AccessDeniedException");
    }

    [Fact]
    public async Task Keys_pending_deletion_answer_KMSInvalidStateException_and_come_back_disabled()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var scheduled = await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 });
        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.InRange((scheduled.DeletionDate!.Value.ToUniversalTime() - DateTime.UtcNow).TotalDays, 6.9, 7.1);
        var e = await Fails(() => kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }), "KMSInvalidStateException");
        Assert.Equal($"{key.Arn} is pending deletion.", e.Message);
        await Fails(() => kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/late", TargetKeyId = key.KeyId }), "KMSInvalidStateException");
        await Fails(() => kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 3 }), "ValidationException");
        Assert.Equal(7, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.PendingDeletionWindowInDays);

        await kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId });
        Assert.Equal(KeyState.Disabled, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId })).KeyMetadata.KeyState);
        await Fails(() => kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId }), "KMSInvalidStateException");
    }

    [Fact]
    public async Task Key_policies_read_back_verbatim_and_refuse_a_lockout()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var policy = JsonDocument.Parse((await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default" })).Policy).RootElement;
        Assert.Equal("key-default-1", policy.GetProperty("Id").GetString());
        var statement = policy.GetProperty("Statement")[0];
        Assert.Equal($"arn:aws:iam::{LocalAwsAccounts.DefaultAccount}:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("kms:*", statement.GetProperty("Action").GetString());

        var onlyB = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + LocalAwsAccounts.AccountB + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        var lockout = await Fails(() => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default", Policy = onlyB }), "MalformedPolicyDocumentException");
        Assert.Contains("will not allow you to update the key policy", lockout.Message, StringComparison.Ordinal);
        await Fails(() => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default", Policy = "{not json" }), "MalformedPolicyDocumentException");
        await Fails(() => kms.PutKeyPolicyAsync(new PutKeyPolicyRequest
        {
            KeyId = key.KeyId, PolicyName = "default", Policy = onlyB.Replace(LocalAwsAccounts.AccountB + ":root", "12:root", StringComparison.Ordinal),
        }), "MalformedPolicyDocumentException");

        var shared = SharedPolicy(LocalAwsAccounts.AccountB);
        await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default", Policy = shared });
        Assert.Equal(shared, (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default" })).Policy);

        // With the safety check bypassed the owner can lock itself out, as on AWS.
        await kms.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default", Policy = onlyB, BypassPolicyLockoutSafetyCheck = true });
        await Fails(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }), "AccessDeniedException");
    }

    [Fact]
    public async Task Another_accounts_key_is_reachable_only_by_ARN_and_only_when_its_policy_allows()
    {
        using var owner = _aws.Kms();
        using var b = _aws.Kms(Keys.AccountB);
        var key = (await owner.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        await owner.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/shared", TargetKeyId = key.KeyId });

        await Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.KeyId }), "NotFoundException"); // a bare id means B's own account
        await Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/shared" }), "NotFoundException");
        var denied = await Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }), "AccessDeniedException");
        Assert.Equal($"User: arn:aws:iam::{LocalAwsAccounts.AccountB}:user/localaws is not authorized to perform: kms:DescribeKey on resource: {key.Arn} " +
            "because no resource-based policy allows the kms:DescribeKey action", denied.Message);
        await Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn.Replace(key.KeyId, "0b7c1b1e-1111-4222-8333-444455556666", StringComparison.Ordinal) }), "NotFoundException");

        await owner.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = key.KeyId, PolicyName = "default", Policy = SharedPolicy(LocalAwsAccounts.AccountB) });
        Assert.Equal(key.Arn, (await b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn })).KeyMetadata.Arn);
        Assert.Equal(key.Arn, (await b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = $"arn:aws:kms:us-east-1:{LocalAwsAccounts.DefaultAccount}:alias/shared" })).KeyMetadata.Arn);
        // Management operations never work across accounts, whatever the policy says.
        await Fails(() => b.DisableKeyAsync(new DisableKeyRequest { KeyId = key.Arn }), "AccessDeniedException");
        // Account C is still not allowed.
        using var c = _aws.Kms(Keys.AccountC);
        await Fails(() => c.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }), "AccessDeniedException");
    }

    [Fact]
    public async Task Seeded_keys_come_with_aliases_states_and_sharing()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Region = "eu-west-1",
            Keys = new[]
            {
                new SeedKey { Alias = "alias/golden", Description = "golden", ShareWith = new[] { LocalAwsAccounts.AccountB } },
                new SeedKey { Alias = "retired", Enabled = false },
                new SeedKey { KeySpec = "HMAC_256" },
            },
            Images = new[] { new SeedImage { Name = "enc", Encrypted = true, KmsKeyId = "alias/golden" } },
        });
        Assert.Equal(3, seeded.KeyIds.Count);
        Assert.Equal($"arn:aws:kms:eu-west-1:{LocalAwsAccounts.DefaultAccount}:key/{seeded.KeyIds[0]}", seeded.KeyArns[0]);
        using var kms = _aws.Kms(region: "eu-west-1");
        Assert.Equal(seeded.KeyIds[0], (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/golden" })).KeyMetadata.KeyId);
        Assert.Equal(KeyState.Disabled, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/retired" })).KeyMetadata.KeyState);
        Assert.Equal(KeyUsageType.GENERATE_VERIFY_MAC, (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = seeded.KeyIds[2] })).KeyMetadata.KeyUsage);
        using var b = _aws.Kms(Keys.AccountB, "eu-west-1");
        Assert.Equal("golden", (await b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = seeded.KeyArns[0] })).KeyMetadata.Description);

        using var ec2 = _aws.Ec2("eu-west-1");
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { seeded.ImageIds[0] } })).Images.Single();
        Assert.Equal(seeded.KeyArns[0], image.BlockDeviceMappings.Single().Ebs.KmsKeyId);

        var aliases = (await kms.ListAliasesAsync(new ListAliasesRequest())).Aliases.Select(a => a.AliasName).ToList();
        Assert.Equal(new[] { "alias/aws/ebs", "alias/golden", "alias/retired" }, aliases);
    }

    [Fact]
    public async Task ListKeys_and_ListAliases_page_with_Limit_and_Marker()
    {
        using var kms = _aws.Kms();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
            ids.Add(key.KeyId);
            await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = $"alias/k{i}", TargetKeyId = key.KeyId });
        }
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker });
            seen.AddRange(page.Keys.Select(k => k.KeyId));
            Assert.Equal(page.NextMarker is not null, page.Truncated == true);
            marker = page.NextMarker;
            pages++;
        } while (marker is not null);
        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        var first = await kms.ListAliasesAsync(new ListAliasesRequest { Limit = 4 });
        Assert.True(first.Truncated);
        var rest = await kms.ListAliasesAsync(new ListAliasesRequest { Limit = 4, Marker = first.NextMarker });
        Assert.False(rest.Truncated);
        Assert.Equal(6, first.Aliases.Count + rest.Aliases.Count);
        Assert.Equal("alias/k3", Assert.Single((await kms.ListAliasesAsync(new ListAliasesRequest { KeyId = ids[3] })).Aliases).AliasName);
        await Fails(() => kms.ListKeysAsync(new ListKeysRequest { Marker = "garbage" }), "InvalidMarkerException");
        await Fails(() => kms.ListAliasesAsync(new ListAliasesRequest { Limit = 100 + int.Parse("1", System.Globalization.CultureInfo.InvariantCulture) }), "ValidationException");
    }

    internal static string SharedPolicy(string otherAccount) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[" +
        "{\"Sid\":\"Owner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + LocalAwsAccounts.DefaultAccount + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}," +
        "{\"Sid\":\"Use\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + otherAccount + "\"]},\"Action\":[\"kms:Describe*\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:CreateGrant\"],\"Resource\":\"*\"}]}";
}
