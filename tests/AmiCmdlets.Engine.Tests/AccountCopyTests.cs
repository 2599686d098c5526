using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Copy-AmiToAccount: consumer-owned copies made by each target account through its role.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AccountCopyTests(LocalAwsFixture localAws)
{
    private static readonly WaitPolicy Quick = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));

    private static string Role(string account) => "arn:aws:iam::" + account + ":role/AmiAdmin";

    private async Task<IReadOnlyList<ResolvedConnection>> TargetsAsync(AwsClientFactory factory, params string[] accounts)
    {
        var places = factory.Resolver.ResolveFleet(new ConnectionSettings
        {
            Regions = ["us-east-1"],
            RoleArns = accounts.Select(Role).ToList(),
            Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            EndpointUrl = localAws.Url,
            MaxAttempts = 2,
        }, null);
        IReadOnlyList<ResolvedConnection> reached = [];
        await LocalAwsFixture.CollectAsync(async (e, t) => reached = await new AccountReach(factory).ReachAsync(places, e, t));
        return reached;
    }

    private async Task<List<EngineEvent>> CopyAsync(AwsClientFactory factory, string source, IReadOnlyList<ResolvedConnection> targets, string key)
    {
        var request = new CopyRequest
        {
            Sources = [new CopySource(localAws.Connection(factory).WithAccount(LocalAwsAccounts.DefaultAccount), source)],
            DestinationPlaces = targets,
            KmsKeyIds = new Dictionary<string, string> { ["*"] = key },
            Tags = new Dictionary<string, string> { ["CopiedBy"] = "platform" },
        };
        var copy = new AccountCopy(factory);
        return await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var plan = await copy.PlanAsync(request, stream, token);
            await copy.ExecuteAsync(request, plan.Sharing, plan.Copies, Quick, stream, token);
        });
    }

    [Fact]
    public async Task IntoTwoAccountsOneMissingTheKeyGivesOneCopyAndOneClearErrorAndAReRunMakesNoDuplicate()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = (await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "web-golden", Tags = new Dictionary<string, string> { ["Team"] = "web" } }],
        })).ImageIds[0];
        var targets = await TargetsAsync(factory, LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC);
        var inB = targets.Single(t => t.AccountId == LocalAwsAccounts.AccountB);
        var kms = factory.Kms(inB);
        var key = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "consumer key" });
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/consumer", TargetKeyId = key.KeyMetadata.KeyId });

        var events = await CopyAsync(factory, source, targets, "alias/consumer");

        var copy = (Ami)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.Equal(LocalAwsAccounts.AccountB, copy.OwnerId);
        Assert.Equal(LocalAwsAccounts.AccountB, copy.AccountId);
        Assert.Equal("available", copy.State);
        Assert.True(copy.Encrypted);
        Assert.Equal([key.KeyMetadata.Arn], copy.KmsKeyIds);
        Assert.Equal("web", copy.Tags["Team"]);
        Assert.Equal("platform", copy.Tags["CopiedBy"]);
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal("AmiCopyFailed", error.ErrorId);
        Assert.Contains(LocalAwsAccounts.AccountC, error.Message);
        Assert.Contains("alias/consumer", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CopyImage", account: LocalAwsAccounts.AccountC));
        // Only the account that copies was given access.
        var permissions = await factory.Ec2(localAws.Connection(factory)).DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = source, Attribute = "launchPermission" });
        Assert.Equal([LocalAwsAccounts.AccountB], permissions.ImageAttribute.LaunchPermissions.Select(p => p.UserId));

        var copies = await localAws.Control.CountCallsAsync("CopyImage");
        var mutating = (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count);
        var again = await CopyAsync(factory, source, [inB], "alias/consumer");

        Assert.Empty(again.OfType<ErrorEvent>());
        Assert.Equal(copy.ImageId, ((Ami)Assert.Single(again.OfType<OutputEvent>()).Item).ImageId);
        Assert.Equal(copies, await localAws.Control.CountCallsAsync("CopyImage"));
        Assert.Equal(mutating, (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count));
    }

    [Fact]
    public async Task TheSourcesOwnAccountIsRefusedBeforeAnyCall()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-golden" }] })).ImageIds[0];
        var own = (await TargetsAsync(factory, LocalAwsAccounts.DefaultAccount)).ToList();

        var events = await CopyAsync(factory, source, own, "alias/consumer");

        Assert.Equal("AmiCopyFailed", Assert.Single(events.OfType<ErrorEvent>()).Error.ErrorId);
        Assert.Equal(0, (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count));
    }

    [Fact]
    public async Task AnEncryptedSourceIsGrantedAndReEncryptedWithTheTargetsKey()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var ownKey = await factory.Kms(localAws.Connection(factory)).CreateKeyAsync(new CreateKeyRequest { Description = "golden" });
        var source = (await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "web-golden", Encrypted = true, KmsKeyId = ownKey.KeyMetadata.Arn }],
        })).ImageIds[0];
        var targets = await TargetsAsync(factory, LocalAwsAccounts.AccountB);
        var kms = factory.Kms(targets[0]);
        var key = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "consumer key" });
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/consumer", TargetKeyId = key.KeyMetadata.KeyId });

        var events = await CopyAsync(factory, source, targets, "alias/consumer");

        Assert.Empty(events.OfType<ErrorEvent>());
        var copy = (Ami)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.Equal("available", copy.State);
        Assert.Equal([key.KeyMetadata.Arn], copy.KmsKeyIds);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateGrant", account: LocalAwsAccounts.DefaultAccount));
    }
}
