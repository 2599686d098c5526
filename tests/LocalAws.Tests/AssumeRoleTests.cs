using System;
using System.Net;
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

/// <summary>AssumeRole into any known account and partition, seeded refusing roles, role chaining, short sessions.</summary>
public sealed class AssumeRoleTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string Fleet = "220000000001";
    private const string CallerArn = $"arn:aws:iam::{LocalAwsAccounts.DefaultAccount}:user/localaws";

    private readonly LocalAwsFixture _aws;

    public AssumeRoleTests(LocalAwsFixture aws) => _aws = aws;

    public async Task InitializeAsync()
    {
        await _aws.Control.ResetAsync();
        await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = Fleet });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static SessionAWSCredentials SessionOf(AssumeRoleResponse r) =>
        new(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken);

    private static async Task<AmazonSecurityTokenServiceException> DeniedAsync(IAmazonSecurityTokenService sts, string roleArn)
    {
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "s1" }));
        Assert.Equal("AccessDenied", e.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        return e;
    }

    [Fact]
    public async Task AssumeRole_into_an_added_account_acts_in_it()
    {
        using var sts = _aws.Sts();
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Fleet}:role/AmiAdmin", RoleSessionName = "fleet" });
        Assert.Equal($"arn:aws:sts::{Fleet}:assumed-role/AmiAdmin/fleet", assumed.AssumedRoleUser.Arn);
        using var asFleet = _aws.Sts(SessionOf(assumed));
        Assert.Equal(Fleet, (await asFleet.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Account);
    }

    [Theory]
    [InlineData("aws-cn")]
    [InlineData("aws-us-gov")]
    [InlineData("aws")]
    public async Task AssumeRole_takes_role_arns_of_every_partition_and_the_session_arn_keeps_it(string partition)
    {
        using var sts = _aws.Sts();
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:{partition}:iam::{Fleet}:role/ops/AmiAdmin", RoleSessionName = "pp" });
        Assert.Equal($"arn:{partition}:sts::{Fleet}:assumed-role/AmiAdmin/pp", assumed.AssumedRoleUser.Arn);
        using var asFleet = _aws.Sts(SessionOf(assumed));
        var me = await asFleet.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal((Fleet, assumed.AssumedRoleUser.Arn), (me.Account, me.Arn));
    }

    [Theory]
    [InlineData("arn:aws:iam::999999999999:role/AmiAdmin")]
    [InlineData("arn:aws-cn:iam::999999999999:role/AmiAdmin")]
    public async Task An_unknown_account_is_AccessDenied_as_AWS_words_it(string roleArn)
    {
        using var sts = _aws.Sts();
        var e = await DeniedAsync(sts, roleArn);
        Assert.Equal($"User: {CallerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", e.Message);
    }

    [Fact]
    public async Task A_refusing_role_is_AccessDenied_like_an_unknown_one_and_other_roles_still_work()
    {
        using var sts = _aws.Sts();
        var refused = $"arn:aws:iam::{Fleet}:role/AmiAdmin";
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = refused, RoleSessionName = "before" });

        await _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings { RoleArns = [refused] });
        var e = await DeniedAsync(sts, refused);
        Assert.Equal($"User: {CallerArn} is not authorized to perform: sts:AssumeRole on resource: {refused}", e.Message);
        // The same role by another path, partition or letter case is the same role (IAM names are case-insensitive).
        await DeniedAsync(sts, $"arn:aws-us-gov:iam::{Fleet}:role/team/amiadmin");
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Fleet}:role/Other", RoleSessionName = "s2" });
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/AmiAdmin", RoleSessionName = "s2" });

        await _aws.Control.ResetAsync();
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = refused, RoleSessionName = "after-reset" });
    }

    [Fact]
    public async Task A_refusing_account_refuses_every_role_and_posting_an_empty_document_clears_it()
    {
        using var sts = _aws.Sts();
        await _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings { Accounts = [LocalAwsAccounts.AccountC] });
        await DeniedAsync(sts, $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/AmiAdmin");
        await DeniedAsync(sts, $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/Anything");
        // Its own long-term keys still work: only AssumeRole into it is refused.
        using var asC = _aws.Sts(Keys.AccountC);
        await asC.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        await _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings());
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/AmiAdmin", RoleSessionName = "s2" });
    }

    [Fact]
    public async Task A_malformed_refusal_is_a_bad_request_and_changes_nothing()
    {
        await _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings { Accounts = [Fleet] });
        await Assert.ThrowsAsync<InvalidOperationException>(() => _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings { RoleArns = ["arn:aws:iam::1:role/x"] }));
        using var sts = _aws.Sts();
        await DeniedAsync(sts, $"arn:aws:iam::{Fleet}:role/AmiAdmin");
    }

    [Fact]
    public async Task Role_chaining_is_limited_to_one_hour_as_the_AssumeRole_reference_says()
    {
        using var sts = _aws.Sts();
        var first = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Fleet}:role/Hub", RoleSessionName = "hub", DurationSeconds = 43200 });
        using var chained = _aws.Sts(SessionOf(first));
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => chained.AssumeRoleAsync(
            new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/Spoke", RoleSessionName = "spoke", DurationSeconds = 3601 }));
        Assert.Equal("ValidationError", e.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", e.Message);
        var spoke = await chained.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/Spoke", RoleSessionName = "spoke", DurationSeconds = 3600 });
        Assert.Equal($"arn:aws:sts::{LocalAwsAccounts.AccountB}:assumed-role/Spoke/spoke", spoke.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task A_role_can_require_an_ExternalId_and_refuses_without_exactly_it()
    {
        var roleArn = $"arn:aws:iam::{Fleet}:role/Vendor";
        await _aws.Control.SetRoleRefusalsAsync(new RoleRefusalSettings { RequireExternalId = new System.Collections.Generic.Dictionary<string, string> { [roleArn] = "ext-1234" } });
        using var sts = _aws.Sts();
        var e = await DeniedAsync(sts, roleArn);
        Assert.Equal($"User: {CallerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", e.Message);
        await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "s2", ExternalId = "ext-9999" }));
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "s2", ExternalId = "ext-1234" });
        // Roles that require nothing ignore an ExternalId, as AWS does.
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{Fleet}:role/Other", RoleSessionName = "s2", ExternalId = "anything" });
    }
}
