using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Usage;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Find-InstanceOnOutdatedAmi's engine: instances whose image was deprecated, unshared, deregistered.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class OutdatedImageInstanceTests(LocalAwsFixture localAws)
{
    [Fact]
    public async Task AnInstanceAppearsEachTimeItsImageIsRetiredFurtherWithTheRightReasons()
    {
        await localAws.Control.ResetAsync();
        var imageId = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "base-2026-01", LaunchPermissions = [LocalAwsAccounts.AccountB] }] })).ImageIds[0];
        var factory = LocalAwsFixture.IsolatedFactory();
        var owner = factory.Ec2(localAws.Connection(factory));
        var b = localAws.Connection(factory, accessKey: LocalAwsAccounts.AccountBAccessKey, secretKey: LocalAwsAccounts.AccountBSecretKey);
        var instanceId = (await factory.Ec2(b).RunInstancesAsync(new RunInstancesRequest { ImageId = imageId, MinCount = 1, MaxCount = 1, InstanceType = "t3.micro" }))
            .Reservation.Instances[0].InstanceId;
        // Two days from now, so that a deprecation one day ahead (EC2 refuses the past) has come.
        var later = DateTime.UtcNow.AddDays(2);

        async Task<List<InstanceOnOutdatedAmi>> FindAsync(OutdatedImageQuery? query = null) =>
            (await LocalAwsFixture.CollectAsync((events, token) => new OutdatedImageInstanceFinder(factory, () => later).FindAsync([b], query ?? new OutdatedImageQuery(), events, token)))
                .OfType<OutputEvent>().Select(e => (InstanceOnOutdatedAmi)e.Item).ToList();

        Assert.Empty(await FindAsync());

        await owner.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = imageId, DeprecateAt = DateTime.UtcNow.AddDays(1) });
        var deprecated = Assert.Single(await FindAsync());
        Assert.Equal(instanceId, deprecated.InstanceId);
        Assert.Equal(imageId, deprecated.ImageId);
        Assert.Equal("base-2026-01", deprecated.ImageName);
        Assert.Equal([OutdatedImageQuery.Deprecated], deprecated.Reasons);

        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId, LaunchPermission = new LaunchPermissionModifications { Remove = [new LaunchPermission { UserId = LocalAwsAccounts.AccountB }] },
        });
        Assert.Equal([OutdatedImageQuery.Deprecated, OutdatedImageQuery.NotShared], Assert.Single(await FindAsync()).Reasons);

        await owner.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        var gone = Assert.Single(await FindAsync());
        Assert.Equal([OutdatedImageQuery.Deregistered, OutdatedImageQuery.Deprecated], gone.Reasons);
        Assert.Equal("deregistered", gone.ImageState);
        Assert.Equal("base-2026-01", gone.ImageName);

        Assert.Empty(await FindAsync(new OutdatedImageQuery { Reasons = [OutdatedImageQuery.Disabled] }));
    }

    [Fact]
    public async Task OldImagesOnlyWithAnAge()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "old", CreationDate = DateTime.UtcNow.AddDays(-400) }] });
        await localAws.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance { ImageId = seeded.ImageIds[0] }] });
        var factory = LocalAwsFixture.IsolatedFactory();
        async Task<List<InstanceOnOutdatedAmi>> FindAsync(OutdatedImageQuery query) =>
            (await LocalAwsFixture.CollectAsync((events, token) => new OutdatedImageInstanceFinder(factory).FindAsync([localAws.Connection(factory)], query, events, token)))
                .OfType<OutputEvent>().Select(e => (InstanceOnOutdatedAmi)e.Item).ToList();

        Assert.Empty(await FindAsync(new OutdatedImageQuery()));
        var old = Assert.Single(await FindAsync(new OutdatedImageQuery { OlderThanDays = 365, Reasons = [.. OutdatedImageQuery.DefaultReasons, OutdatedImageQuery.Old] }));
        Assert.Equal([OutdatedImageQuery.Old], old.Reasons);
    }
}
