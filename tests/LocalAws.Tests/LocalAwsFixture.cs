using System;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Xunit;

namespace LocalAws.Tests;

/// <summary>One in-process LocalAws per test class; every test resets it first.</summary>
public sealed class LocalAwsFixture : IAsyncLifetime
{
    static LocalAwsFixture()
    {
        // Nothing may fall back to the instance metadata service or a developer's real profile.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    private LocalAwsServer? _server;

    public LocalAwsServer Server => _server ?? throw new InvalidOperationException("not started");

    public LocalAwsControl Control => Server.Control;

    public async Task InitializeAsync() => _server = await LocalAwsServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public AmazonEC2Client Ec2(string region = "us-east-1", AWSCredentials? credentials = null, int? maxErrorRetry = null)
    {
        var config = new AmazonEC2Config { ServiceURL = Server.Url.ToString(), AuthenticationRegion = region };
        if (maxErrorRetry is { } n) config.MaxErrorRetry = n;
        return new AmazonEC2Client(credentials ?? Keys.Default, config);
    }

    public AmazonSecurityTokenServiceClient Sts(AWSCredentials? credentials = null, string region = "us-east-1")
    {
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = Server.Url.ToString(), AuthenticationRegion = region };
        return new AmazonSecurityTokenServiceClient(credentials ?? Keys.Default, config);
    }

    public AmazonKeyManagementServiceClient Kms(AWSCredentials? credentials = null, string region = "us-east-1")
    {
        var config = new AmazonKeyManagementServiceConfig { ServiceURL = Server.Url.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 };
        return new AmazonKeyManagementServiceClient(credentials ?? Keys.Default, config);
    }
}

internal static class Keys
{
    public static BasicAWSCredentials Default => new(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey);
    public static BasicAWSCredentials AccountB => new(LocalAwsAccounts.AccountBAccessKey, LocalAwsAccounts.AccountBSecretKey);
    public static BasicAWSCredentials AccountC => new(LocalAwsAccounts.AccountCAccessKey, LocalAwsAccounts.AccountCSecretKey);
    public static BasicAWSCredentials WrongSecret => new(LocalAwsAccounts.DefaultAccessKey, "not-the-secret");
    public static BasicAWSCredentials UnknownKey => new("AKIAUNKNOWNUNKNOWN00", "whatever");
}
