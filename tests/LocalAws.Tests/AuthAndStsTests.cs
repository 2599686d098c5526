using System;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class AuthAndStsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public AuthAndStsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey, LocalAwsAccounts.DefaultAccount)]
    [InlineData(LocalAwsAccounts.AccountBAccessKey, LocalAwsAccounts.AccountBSecretKey, LocalAwsAccounts.AccountB)]
    [InlineData(LocalAwsAccounts.AccountCAccessKey, LocalAwsAccounts.AccountCSecretKey, LocalAwsAccounts.AccountC)]
    public async Task GetCallerIdentity_reports_the_account_of_the_key(string key, string secret, string account)
    {
        using var sts = _aws.Sts(new BasicAWSCredentials(key, secret));
        var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(account, me.Account);
        Assert.Equal($"arn:aws:iam::{account}:user/localaws", me.Arn);
        Assert.StartsWith("AIDA", me.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_gives_temporary_keys_that_act_as_the_role_account()
    {
        using var sts = _aws.Sts();
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/AmiAdmin",
            RoleSessionName = "ami-cleaner",
        });
        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.NotNull(assumed.Credentials.SessionToken);
        var lifetime = assumed.Credentials.Expiration!.Value.ToUniversalTime() - DateTime.UtcNow;
        Assert.InRange(lifetime.TotalMinutes, 58, 61);
        Assert.Equal($"arn:aws:sts::{LocalAwsAccounts.AccountB}:assumed-role/AmiAdmin/ami-cleaner", assumed.AssumedRoleUser.Arn);

        var session = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using var stsAsB = _aws.Sts(session);
        var me = await stsAsB.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(LocalAwsAccounts.AccountB, me.Account);
        Assert.Equal(assumed.AssumedRoleUser.Arn, me.Arn);
        Assert.EndsWith(":ami-cleaner", me.UserId, StringComparison.Ordinal);

        await _aws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Images = new[] { new SeedImage { Name = "b-only" } } });
        using var ec2AsB = _aws.Ec2(credentials: session);
        var own = await ec2AsB.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } });
        Assert.Equal("b-only", Assert.Single(own.Images).Name);
        Assert.Equal(1, await _aws.Control.CountCallsAsync("DescribeImages", account: LocalAwsAccounts.AccountB));
    }

    [Fact]
    public async Task A_session_key_with_a_wrong_token_is_rejected()
    {
        using var sts = _aws.Sts();
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/r", RoleSessionName = "s1" });
        var forged = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, "forged-token");
        using var ec2 = _aws.Ec2(credentials: forged, maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRegionsAsync(new DescribeRegionsRequest()));
        Assert.Equal("AuthFailure", e.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_into_an_unknown_account_is_denied()
    {
        using var sts = _aws.Sts();
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(
            new AssumeRoleRequest { RoleArn = "arn:aws:iam::999999999999:role/x", RoleSessionName = "s1" }));
        Assert.Equal("AccessDenied", e.ErrorCode);
    }

    [Fact]
    public async Task Sts_rejects_a_wrong_secret_and_an_unknown_key()
    {
        using var wrong = _aws.Sts(Keys.WrongSecret);
        var e1 = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => wrong.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", e1.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e1.StatusCode);

        using var unknown = _aws.Sts(Keys.UnknownKey);
        var e2 = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => unknown.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidClientTokenId", e2.ErrorCode);
    }

    [Fact]
    public async Task Ec2_rejects_a_wrong_secret_and_an_unknown_key_with_AuthFailure()
    {
        using var wrong = _aws.Ec2(credentials: Keys.WrongSecret, maxErrorRetry: 0);
        var e1 = await Assert.ThrowsAsync<AmazonEC2Exception>(() => wrong.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal("AuthFailure", e1.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e1.StatusCode);

        using var unknown = _aws.Ec2(credentials: Keys.UnknownKey, maxErrorRetry: 0);
        var e2 = await Assert.ThrowsAsync<AmazonEC2Exception>(() => unknown.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal("AuthFailure", e2.ErrorCode);
    }

    [Fact]
    public async Task Kms_rejects_a_wrong_secret_and_an_unknown_key()
    {
        using var wrong = _aws.Kms(Keys.WrongSecret);
        var e1 = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => wrong.ListKeysAsync(new ListKeysRequest()));
        Assert.Equal("InvalidSignatureException", e1.ErrorCode);

        using var unknown = _aws.Kms(Keys.UnknownKey);
        var e2 = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => unknown.ListKeysAsync(new ListKeysRequest()));
        Assert.Equal("UnrecognizedClientException", e2.ErrorCode);

        // With good keys the call is authenticated and reaches KMS; an action LocalAws does not emulate is UnknownOperationException.
        using var good = _aws.Kms();
        await good.ListKeysAsync(new ListKeysRequest());
        var e3 = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => good.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 8 }));
        Assert.Equal("UnknownOperationException", e3.ErrorCode);
    }

    [Fact]
    public async Task A_scope_naming_no_real_region_is_an_auth_failure()
    {
        using var ec2 = _aws.Ec2(region: "xx-nowhere-1", maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeRegionsAsync(new DescribeRegionsRequest()));
        Assert.Equal("AuthFailure", e.ErrorCode);
        Assert.Contains("xx-nowhere-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeRegions_lists_the_sixteen_commercial_regions()
    {
        using var ec2 = _aws.Ec2(region: "eu-west-1");
        var regions = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.Equal(16, regions.Regions.Count);
        var frankfurt = Assert.Single(regions.Regions, r => r.RegionName == "eu-central-1");
        Assert.Equal("ec2.eu-central-1.amazonaws.com", frankfurt.Endpoint);
        Assert.Equal("opt-in-not-required", frankfurt.OptInStatus);

        var filtered = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest { Filters = new() { new Filter("region-name", new() { "us-*" }) } });
        Assert.Equal(4, filtered.Regions.Count);
    }

    [Fact]
    public async Task An_opt_in_region_is_listed_only_with_AllRegions_or_by_name_as_not_opted_in()
    {
        using var ec2 = _aws.Ec2(region: "us-east-1");
        var all = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = true });
        Assert.Equal("not-opted-in", Assert.Single(all.Regions, r => r.RegionName == "af-south-1").OptInStatus);
        var named = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest { RegionNames = ["ap-east-1"] });
        Assert.Equal("not-opted-in", Assert.Single(named.Regions).OptInStatus);
        var enabled = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.DoesNotContain(enabled.Regions, r => r.RegionName == "af-south-1");
    }

    [Fact]
    public async Task A_call_signed_for_an_opt_in_region_is_refused_as_bad_keys_are()
    {
        using var ec2 = _aws.Ec2(region: "af-south-1", maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal("AuthFailure", e.ErrorCode);
        Assert.Equal("AWS was not able to validate the provided access credentials", e.Message);
    }
}
