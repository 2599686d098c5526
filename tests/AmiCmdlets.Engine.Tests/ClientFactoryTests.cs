using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Identity;
using Amazon.SecurityToken;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class ClientFactoryTests(LocalAwsFixture localAws)
{
    [Fact]
    public async Task ExplicitKeysReachLocalAwsAsTheirAccount()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var info = await new CallerIdentityReader(factory).DescribeAsync(localAws.Connection(factory, "eu-west-1"), CancellationToken.None);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, info.Account);
        Assert.Equal("eu-west-1", info.Region);
        Assert.Equal(localAws.Url, info.EndpointUrl);
    }

    [Fact]
    public async Task RoleArnAssumesTheRoleAndActsAsThatAccount()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, roleArn: $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/golden-images");
        var info = await new CallerIdentityReader(factory).DescribeAsync(connection, CancellationToken.None);
        Assert.Equal(LocalAwsAccounts.AccountB, info.Account);
        Assert.Contains("assumed-role/golden-images/AmiCmdlets-", info.Arn);
    }

    [Fact]
    public async Task AssumedRoleIsAskedForOnceAndClientsAreShared()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, roleArn: $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/ops");
        Assert.Same(factory.Ec2(connection), factory.Ec2(localAws.Connection(factory, roleArn: $"arn:aws:iam::{LocalAwsAccounts.AccountC}:role/ops")));
        var reader = new CallerIdentityReader(factory);
        for (var i = 0; i < 3; i++) await reader.DescribeAsync(connection, CancellationToken.None);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("AssumeRole"));
        Assert.Equal(3, await localAws.Control.CountCallsAsync("GetCallerIdentity", LocalAwsAccounts.AccountC));
    }

    // .NET Framework (Windows PowerShell 5.1) caps connections per server at ServicePointManager.DefaultConnectionLimit,
    // 2 outside ASP.NET, unless the handler is told otherwise: the region and copy fan-out would run two at a time. And
    // the SDK shares one handler between clients of equal settings, so every place of a fleet calling one endpoint
    // shares its connections: as many as places run at once.
    [Fact]
    public void EveryClientConfigAllowsAsManyConnectionsAsPlacesRunAtOnce()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, roleArn: $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/golden-images");
        Assert.Equal(CallLimits.PlacesAtOnce, factory.Ec2(connection).Config.MaxConnectionsPerServer);
        Assert.Equal(CallLimits.PlacesAtOnce, factory.Kms(connection).Config.MaxConnectionsPerServer);
        Assert.Equal(CallLimits.PlacesAtOnce, factory.Sts(connection).Config.MaxConnectionsPerServer);
        // The STS client that assumes the role is made from the same settings.
        Assert.Equal(CallLimits.PlacesAtOnce, factory.ConfigFor(connection, "STS", new AmazonSecurityTokenServiceConfig()).MaxConnectionsPerServer);
        // Without an endpoint override too (the region path of the config).
        var toAws = LocalAwsFixture.IsolatedFactory();
        var regionOnly = toAws.Resolver.Resolve(new ConnectionSettings { Region = "eu-west-1", Credential = new AccessKeyCredential("AKIDEXAMPLE", "not-used") }, null);
        Assert.Equal(CallLimits.PlacesAtOnce, toAws.Ec2(regionOnly).Config.MaxConnectionsPerServer);
    }

    [Fact]
    public async Task WrongSecretIsAnAuthenticationErrorThatNeverShowsTheSecret()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        const string secret = "wrong-secret-that-must-not-leak";
        var connection = localAws.Connection(factory, secretKey: secret);
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => new CallerIdentityReader(factory).DescribeAsync(connection, CancellationToken.None));
        Assert.Equal("AwsAuthenticationFailed", error.ErrorId);
        Assert.Equal(AmiErrorCategory.AuthenticationError, error.Category);
        Assert.DoesNotContain(secret, error.ToString());
        Assert.DoesNotContain(secret, error.InnerException?.ToString() ?? "");
    }
}
