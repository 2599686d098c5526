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

/// <summary>Settings "roleSessionSeconds": short role sessions, and what a call signed with an expired one gets. Own server on a hand-moved clock.</summary>
public sealed class ShortSessionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private LocalAwsServer? _server;

    public async Task InitializeAsync() => _server = await LocalAwsServer.StartAsync(new LocalAwsOptions { TimeProvider = _clock });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private LocalAwsServer Server => _server!;

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials? credentials = null) =>
        new(credentials ?? Keys.Default, new AmazonSecurityTokenServiceConfig { ServiceURL = Server.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private async Task<AssumeRoleResponse> AssumeAsync(int? durationSeconds = null)
    {
        using var sts = Sts();
        return await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/AmiAdmin", RoleSessionName = "renew", DurationSeconds = durationSeconds,
        });
    }

    [Fact]
    public async Task RoleSessionSeconds_overrides_DurationSeconds_and_zero_goes_back_to_it()
    {
        await Server.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 60 });
        var shortOne = await AssumeAsync(durationSeconds: 7200);
        Assert.Equal(Start.AddSeconds(60).UtcDateTime, shortOne.Credentials.Expiration!.Value.ToUniversalTime());

        // DurationSeconds is still validated as AWS does.
        var e = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => AssumeAsync(durationSeconds: 600));
        Assert.Equal("ValidationError", e.ErrorCode);

        await Server.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 0 });
        var normal = await AssumeAsync(durationSeconds: 7200);
        Assert.Equal(Start.AddSeconds(7200).UtcDateTime, normal.Credentials.Expiration!.Value.ToUniversalTime());

        // Reset clears the setting too.
        await Server.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 60 });
        await Server.Control.ResetAsync();
        Assert.Equal(Start.AddSeconds(3600).UtcDateTime, (await AssumeAsync()).Credentials.Expiration!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task A_call_signed_with_an_expired_session_fails_as_each_service_answers_it_and_a_new_session_works()
    {
        await Server.Control.SetSettingsAsync(new EmulatorSettings { RoleSessionSeconds = 60 });
        var assumed = await AssumeAsync();
        var session = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        using var ec2 = new AmazonEC2Client(session, new AmazonEC2Config { ServiceURL = Server.Url.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
        using var kms = new AmazonKeyManagementServiceClient(session, new AmazonKeyManagementServiceConfig { ServiceURL = Server.Url.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
        using var sts = Sts(session);

        _clock.Advance(TimeSpan.FromSeconds(59));
        await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());

        _clock.Advance(TimeSpan.FromSeconds(1));
        var e1 = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] }));
        Assert.Equal(("RequestExpired", System.Net.HttpStatusCode.BadRequest), (e1.ErrorCode, e1.StatusCode));
        var e2 = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal(("ExpiredToken", System.Net.HttpStatusCode.Forbidden), (e2.ErrorCode, e2.StatusCode));
        Assert.Equal("The security token included in the request is expired", e2.Message);
        var e3 = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => kms.ListKeysAsync(new ListKeysRequest()));
        Assert.Equal("ExpiredTokenException", e3.ErrorCode);

        var renewed = await AssumeAsync();
        using var ec2Renewed = new AmazonEC2Client(SessionFrom(renewed), new AmazonEC2Config { ServiceURL = Server.Url.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });
        await ec2Renewed.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
    }

    private static SessionAWSCredentials SessionFrom(AssumeRoleResponse r) => new(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken);
}
