using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>The call log names the account of every call and, for role sessions, the role that reached it.</summary>
public sealed class CallLogAccountsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string Fleet = "240000000001";
    private readonly LocalAwsFixture _aws;

    public CallLogAccountsTests(LocalAwsFixture aws) => _aws = aws;

    public async Task InitializeAsync()
    {
        await _aws.Control.ResetAsync();
        await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = Fleet });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Calls_of_a_role_session_are_counted_for_its_account_with_the_role_arn_and_long_term_calls_without()
    {
        var roleArn = $"arn:aws:iam::{Fleet}:role/ops/AmiAdmin";
        using var sts = _aws.Sts();
        var r = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "log" });
        using var asRole = _aws.Ec2("eu-west-1", new SessionAWSCredentials(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken));
        await asRole.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        await asRole.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        using var asUser = _aws.Ec2("eu-west-1", new BasicAWSCredentials(LocalAwsAccounts.AccessKeyFor(Fleet), LocalAwsAccounts.SecretKeyFor(Fleet)));
        await asUser.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });

        var calls = await _aws.Control.GetCallsAsync();
        Assert.Contains(new CallCount(Fleet, "eu-west-1", "DescribeImages", 2, false, roleArn), calls);
        Assert.Contains(new CallCount(Fleet, "eu-west-1", "DescribeImages", 1, false), calls);
        // AssumeRole itself is the caller's call, in the caller's account, and changes nothing (not mutating).
        Assert.Contains(new CallCount(LocalAwsAccounts.DefaultAccount, "us-east-1", "AssumeRole", 1, false), calls);
        Assert.Equal(3, await _aws.Control.CountCallsAsync("DescribeImages", account: Fleet));
        Assert.DoesNotContain(calls, c => c.Account == Fleet && c.Action == "AssumeRole");
    }
}
