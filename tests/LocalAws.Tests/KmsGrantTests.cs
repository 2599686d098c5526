using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.KeyManagementService.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class KmsGrantTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private static readonly string AccountBRoot = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root";
    private readonly LocalAwsFixture _aws;

    public KmsGrantTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static CreateGrantRequest Grant(string keyId, string? name = null, params string[] operations) => new()
    {
        KeyId = keyId, GranteePrincipal = AccountBRoot, Name = name,
        Operations = (operations.Length == 0 ? new[] { "Decrypt", "DescribeKey", "CreateGrant" } : operations).ToList(),
    };

    [Fact]
    public async Task A_named_grant_retried_with_the_same_parameters_is_the_same_grant_with_a_new_token()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var first = await kms.CreateGrantAsync(Grant(key.KeyId, "copy-to-b"));
        Assert.Matches("^[0-9a-f]{64}$", first.GrantId);
        Assert.False(string.IsNullOrEmpty(first.GrantToken));

        var again = await kms.CreateGrantAsync(Grant(key.Arn, "copy-to-b", "CreateGrant", "DescribeKey", "Decrypt")); // same set, other order, key by ARN
        Assert.Equal(first.GrantId, again.GrantId);
        Assert.NotEqual(first.GrantToken, again.GrantToken);

        var otherOperations = await kms.CreateGrantAsync(Grant(key.KeyId, "copy-to-b", "Decrypt"));
        Assert.NotEqual(first.GrantId, otherOperations.GrantId);
        var unnamed1 = await kms.CreateGrantAsync(Grant(key.KeyId));
        var unnamed2 = await kms.CreateGrantAsync(Grant(key.KeyId));
        Assert.NotEqual(unnamed1.GrantId, unnamed2.GrantId);

        var grants = (await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants;
        Assert.Equal(4, grants.Count);
        var listed = grants.Single(g => g.GrantId == first.GrantId);
        Assert.Equal("copy-to-b", listed.Name);
        Assert.Equal(key.Arn, listed.KeyId);
        Assert.Equal(AccountBRoot, listed.GranteePrincipal);
        Assert.Equal($"arn:aws:iam::{LocalAwsAccounts.DefaultAccount}:root", listed.IssuingAccount);
        Assert.Equal(new[] { "CreateGrant", "Decrypt", "DescribeKey" }, listed.Operations.OrderBy(o => o, StringComparer.Ordinal));
        Assert.NotNull(listed.CreationDate);
    }

    [Fact]
    public async Task ListGrants_filters_by_grant_id_and_grantee_and_pages()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await kms.CreateGrantAsync(Grant(key.KeyId, $"g{i}"))).GrantId);
        var forC = await kms.CreateGrantAsync(new CreateGrantRequest
        {
            KeyId = key.KeyId, GranteePrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/Builder", Operations = new() { "Encrypt" },
            RetiringPrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountC}:root",
            Constraints = new GrantConstraints { EncryptionContextSubset = new() { ["app"] = "golden" } },
        });

        var one = Assert.Single((await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = ids[2] })).Grants);
        Assert.Equal("g2", one.Name);
        var c = Assert.Single((await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GranteePrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/Builder" })).Grants);
        Assert.Equal(forC.GrantId, c.GrantId);
        Assert.Equal("golden", c.Constraints.EncryptionContextSubset["app"]);
        Assert.Equal($"arn:aws:iam::{LocalAwsAccounts.AccountC}:root", c.RetiringPrincipal);
        Assert.Empty((await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, GrantId = new string('0', 64) })).Grants ?? new());

        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = 4, Marker = marker });
            Assert.True(page.Grants.Count <= 4);
            seen.AddRange(page.Grants.Select(g => g.GrantId));
            marker = page.Truncated == true ? page.NextMarker : null;
        } while (marker is not null);
        Assert.Equal(ids.Append(forC.GrantId), seen);
        await KmsKeyTests.Fails(() => kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId, Limit = int.Parse("0", System.Globalization.CultureInfo.InvariantCulture) }), "ValidationException");
    }

    [Fact]
    public async Task Grants_are_retired_by_token_or_id_and_revoked_by_the_owner()
    {
        using var kms = _aws.Kms();
        using var b = _aws.Kms(Keys.AccountB);
        using var c = _aws.Kms(Keys.AccountC);
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var byToken = await kms.CreateGrantAsync(Grant(key.KeyId, "t"));
        var byGrantee = await kms.CreateGrantAsync(Grant(key.KeyId, "r", "Decrypt", "RetireGrant"));
        var revoked = await kms.CreateGrantAsync(Grant(key.KeyId, "v"));

        await kms.RetireGrantAsync(new RetireGrantRequest { GrantToken = byToken.GrantToken });
        // The grantee may retire a grant that allows RetireGrant, naming the key by ARN from its own account.
        await b.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = byGrantee.GrantId });
        // Account C has nothing to do with the last one.
        await KmsKeyTests.Fails(() => c.RetireGrantAsync(new RetireGrantRequest { KeyId = key.Arn, GrantId = revoked.GrantId }), "AccessDeniedException");
        await KmsKeyTests.Fails(() => kms.RetireGrantAsync(new RetireGrantRequest { GrantToken = "not-a-token" }), "InvalidGrantTokenException");
        await KmsKeyTests.Fails(() => kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = "nope" }), "InvalidGrantIdException");
        await kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = revoked.GrantId });
        await KmsKeyTests.Fails(() => kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = revoked.GrantId }), "NotFoundException");
        Assert.Empty((await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = key.KeyId })).Grants ?? new());
    }

    [Fact]
    public async Task A_grant_lets_another_account_describe_the_key_by_ARN_until_it_is_revoked()
    {
        using var kms = _aws.Kms();
        using var b = _aws.Kms(Keys.AccountB);
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        await KmsKeyTests.Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }), "AccessDeniedException");

        var grant = await kms.CreateGrantAsync(Grant(key.KeyId, "describe", "DescribeKey"));
        Assert.Equal(key.KeyId, (await b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn })).KeyMetadata.KeyId);
        // A grant allows exactly its operations: B may not list the key's grants.
        await KmsKeyTests.Fails(() => b.ListGrantsAsync(new ListGrantsRequest { KeyId = key.Arn }), "AccessDeniedException");

        await kms.RevokeGrantAsync(new RevokeGrantRequest { KeyId = key.KeyId, GrantId = grant.GrantId });
        await KmsKeyTests.Fails(() => b.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key.Arn }), "AccessDeniedException");
    }

    [Fact]
    public async Task CreateGrant_validates_principals_and_operations()
    {
        using var kms = _aws.Kms();
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var e = await KmsKeyTests.Fails(() => kms.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = "bob", Operations = new() { "Decrypt" } }), "InvalidArnException");
        Assert.Equal("ARN does not refer to a valid principal: bob", e.Message);
        await KmsKeyTests.Fails(() => kms.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = AccountBRoot, Operations = new() { "Fly" } }), "ValidationException");
        await KmsKeyTests.Fails(() => kms.CreateGrantAsync(new CreateGrantRequest { KeyId = "alias/aws/ebs", GranteePrincipal = AccountBRoot, Operations = new() { "Decrypt" } }), "NotFoundException");
        // A service principal is a valid grantee.
        await kms.CreateGrantAsync(new CreateGrantRequest { KeyId = key.KeyId, GranteePrincipal = "ec2.amazonaws.com", Operations = new() { "Decrypt" } });
    }
}
