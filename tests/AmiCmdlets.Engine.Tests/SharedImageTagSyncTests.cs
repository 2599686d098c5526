using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Tagging;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Sync-AmiTag: the owner's tags written in a consumer account, where tags of a shared image are that account's own.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class SharedImageTagSyncTests(LocalAwsFixture localAws)
{
    private async Task<ResolvedConnection> ConsumerAsync(AwsClientFactory factory)
    {
        var places = factory.Resolver.ResolveFleet(new ConnectionSettings
        {
            Regions = ["us-east-1"],
            RoleArns = ["arn:aws:iam::" + LocalAwsAccounts.AccountB + ":role/AmiAdmin"],
            Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            EndpointUrl = localAws.Url,
            MaxAttempts = 2,
        }, null);
        IReadOnlyList<ResolvedConnection> reached = [];
        await LocalAwsFixture.CollectAsync(async (e, t) => reached = await new AccountReach(factory).ReachAsync(places, e, t));
        return reached.Single();
    }

    private static async Task<Dictionary<string, string>> TagsSeenAsync(AwsClientFactory factory, ResolvedConnection place, string imageId) =>
        ((await factory.Ec2(place).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] })).Images[0].Tags ?? [])
            .ToDictionary(t => t.Key, t => t.Value);

    private async Task<List<EngineEvent>> SyncAsync(AwsClientFactory factory, string imageId, ResolvedConnection consumer, string[] keys)
    {
        var sync = new SharedImageTagSync(factory);
        var owner = localAws.Connection(factory).WithAccount(LocalAwsAccounts.DefaultAccount);
        return await LocalAwsFixture.CollectAsync(async (stream, token) =>
            await sync.ExecuteAsync(await sync.PlanAsync([new CopySource(owner, imageId)], [consumer], keys, stream, token), stream, token));
    }

    [Fact]
    public async Task TheConsumerSeesTheTagsAndTheOwnersAreUnchanged()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var owner = localAws.Connection(factory);
        var ownerTags = new Dictionary<string, string> { ["Team"] = "web", ["CostCenter"] = "42", ["Secret"] = "internal" };
        var image = (await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "web-golden", Tags = ownerTags, LaunchPermissions = [LocalAwsAccounts.AccountB] }],
        })).ImageIds[0];
        var consumer = await ConsumerAsync(factory);
        Assert.Empty(await TagsSeenAsync(factory, consumer, image));

        var events = await SyncAsync(factory, image, consumer, ["Team", "CostCenter"]);

        Assert.Empty(events.OfType<ErrorEvent>());
        var seen = (Ami)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.Equal(LocalAwsAccounts.AccountB, seen.AccountId);
        Assert.Equal(new Dictionary<string, string> { ["Team"] = "web", ["CostCenter"] = "42" }, await TagsSeenAsync(factory, consumer, image));
        Assert.Equal(ownerTags, await TagsSeenAsync(factory, owner, image));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateTags", account: LocalAwsAccounts.AccountB));

        // A re-run finds everything in place and writes nothing.
        await SyncAsync(factory, image, consumer, ["Team", "CostCenter"]);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateTags"));
    }

    [Fact]
    public async Task AnAccountTheImageIsNotSharedWithIsOneError()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var image = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "private", Tags = new Dictionary<string, string> { ["Team"] = "web" } }] })).ImageIds[0];
        var consumer = await ConsumerAsync(factory);

        var events = await SyncAsync(factory, image, consumer, []);

        Assert.Equal("AmiNotFound", Assert.Single(events.OfType<ErrorEvent>()).Error.ErrorId);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateTags"));
    }
}
