using System;
using System.Diagnostics;
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

/// <summary>Faults aimed at one account: a region down for it, every call it signs denied, its calls throttled or slow.</summary>
public sealed class AccountFaultsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string Fleet = "230000000001";
    private readonly LocalAwsFixture _aws;

    public AccountFaultsTests(LocalAwsFixture aws) => _aws = aws;

    public async Task InitializeAsync()
    {
        await _aws.Control.ResetAsync();
        await _aws.Control.AddAccountsAsync(new AddAccountsRequest { AccountId = Fleet });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static BasicAWSCredentials FleetKeys => new(LocalAwsAccounts.AccessKeyFor(Fleet), LocalAwsAccounts.SecretKeyFor(Fleet));

    private async Task<SessionAWSCredentials> RoleIntoAsync(string account)
    {
        using var sts = _aws.Sts();
        var r = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{account}:role/AmiAdmin", RoleSessionName = "fault" });
        return new SessionAWSCredentials(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken);
    }

    [Fact]
    public async Task A_region_can_be_down_for_one_account_only()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Unavailable = [new UnavailableFault { Region = "eu-west-1", Account = Fleet }] });

        using var fleetWest = _aws.Ec2("eu-west-1", FleetKeys, maxErrorRetry: 0);
        var e = await Ec2Helpers.FailsAsync(() => fleetWest.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }), "Unavailable");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        // A role session into the account is the account.
        using var roleWest = _aws.Ec2("eu-west-1", await RoleIntoAsync(Fleet), maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => roleWest.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }), "Unavailable");

        using var fleetEast = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        await fleetEast.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        using var otherWest = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        await otherWest.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
    }

    [Fact]
    public async Task Every_call_an_account_signs_can_be_refused_as_bad_keys_are_while_others_and_AssumeRole_into_it_go_on()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Deny = [new DenyFault { Account = Fleet }] });

        using var ec2 = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        var e = await Ec2Helpers.FailsAsync(() => ec2.DescribeImagesAsync(new DescribeImagesRequest()), "AuthFailure");
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        using var sts = _aws.Sts(FleetKeys);
        Assert.Equal("InvalidClientTokenId", (await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()))).ErrorCode);
        using var kms = _aws.Kms(FleetKeys);
        Assert.Equal("UnrecognizedClientException", (await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.ListKeysAsync(new ListKeysRequest()))).ErrorCode);

        // AssumeRole into it is signed by the caller, so it succeeds; the session then acts as the denied account.
        using var roleEc2 = _aws.Ec2("us-east-1", await RoleIntoAsync(Fleet), maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => roleEc2.DescribeImagesAsync(new DescribeImagesRequest()), "AuthFailure");

        using var other = _aws.Ec2("us-east-1", Keys.AccountB, maxErrorRetry: 0);
        await other.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        Assert.Equal(2, await _aws.Control.CountCallsAsync("DescribeImages", account: Fleet));
    }

    [Fact]
    public async Task AccessDenied_kind_answers_as_a_deny_all_policy_and_a_region_limits_it()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Deny = [new DenyFault { Account = Fleet, Region = "eu-west-1", Kind = DenyKinds.AccessDenied }] });

        using var west = _aws.Ec2("eu-west-1", FleetKeys, maxErrorRetry: 0);
        var e = await Ec2Helpers.FailsAsync(() => west.DescribeImagesAsync(new DescribeImagesRequest()), "UnauthorizedOperation");
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Contains($"arn:aws:iam::{Fleet}:user/localaws", e.Message, StringComparison.Ordinal);
        var sts = new AmazonSecurityTokenServiceClient(FleetKeys, new AmazonSecurityTokenServiceConfig { ServiceURL = _aws.Server.Url.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
        using (sts) Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()))).ErrorCode);
        using var kms = _aws.Kms(FleetKeys, region: "eu-west-1");
        Assert.Equal("AccessDeniedException", (await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.ListKeysAsync(new ListKeysRequest()))).ErrorCode);

        using var east = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        await east.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
    }

    [Fact]
    public async Task A_bad_deny_kind_is_refused_and_leaves_the_faults_as_they_were()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Deny = [new DenyFault { Account = Fleet }] });
        await Assert.ThrowsAsync<InvalidOperationException>(() => _aws.Control.SetFaultsAsync(new FaultSettings { Deny = [new DenyFault { Account = Fleet, Kind = "nope" }] }));
        using var ec2 = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => ec2.DescribeRegionsAsync(new DescribeRegionsRequest()), "AuthFailure");
    }

    [Fact]
    public async Task A_throttle_rule_for_one_account_leaves_the_others_alone()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "*", Fraction = 1, Account = Fleet } });
        using var fleet = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => fleet.DescribeRegionsAsync(new DescribeRegionsRequest()), "RequestLimitExceeded");
        using var other = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        await other.DescribeRegionsAsync(new DescribeRegionsRequest());
    }

    [Fact]
    public async Task An_account_can_be_slow_on_top_of_the_action_latency()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { AccountLatencyMs = new System.Collections.Generic.Dictionary<string, int> { [Fleet] = 300 } });
        using var fleet = _aws.Ec2("us-east-1", FleetKeys);
        await fleet.DescribeRegionsAsync(new DescribeRegionsRequest()); // warm the client
        var watch = Stopwatch.StartNew();
        await fleet.DescribeRegionsAsync(new DescribeRegionsRequest());
        // Only the lower bound is certain: the injected delay is awaited before the answer.
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task HoldAfter_and_failNextImages_can_name_one_account()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings
        {
            HoldAfter = new System.Collections.Generic.Dictionary<string, int> { [Fleet + "/DescribeRegions"] = 1 },
            FailNextImages = new System.Collections.Generic.Dictionary<string, int> { [Fleet + "/us-east-1"] = 1 },
        });
        using var fleet = _aws.Ec2("us-east-1", FleetKeys, maxErrorRetry: 0);
        using var other = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        await fleet.DescribeRegionsAsync(new DescribeRegionsRequest());
        var held = fleet.DescribeRegionsAsync(new DescribeRegionsRequest());
        await _aws.Control.WaitForCallsAsync("DescribeRegions", 2);
        // Other accounts are neither held nor counted against the fleet account's allowance.
        await other.DescribeRegionsAsync(new DescribeRegionsRequest());
        await other.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.False(held.IsCompleted);

        var otherImage = await Ec2Helpers.CreateImageAsync(other, "other-not-failed");
        var fleetImage = await Ec2Helpers.CreateImageAsync(fleet, "fleet-failed");
        await _aws.Control.ClearFaultsAsync();
        await held;
        await _aws.Control.FinishPendingAsync();
        Assert.Equal(ImageState.Available, (await Ec2Helpers.ImageAsync(other, otherImage.ImageId)).State);
        Assert.Equal(ImageState.Failed, (await Ec2Helpers.ImageAsync(fleet, fleetImage.ImageId)).State);
    }
}
