using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.RecycleBin;
using AmiCmdlets.Engine.Retirement;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Remove-AmiWithSnapshots saying Recycle Bin or gone, Get-Ami -InRecycleBin and Restore-Ami, against LocalAws's retention rules.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class RecycleBinTests(LocalAwsFixture localAws)
{
    private static readonly SeedRetentionRule[] KeepBoth =
        [new SeedRetentionRule { ResourceType = "EC2_IMAGE", RetainDays = 7 }, new SeedRetentionRule { ResourceType = "EBS_SNAPSHOT", RetainDays = 7 }];

    private async Task<(SeedResult Seeded, AwsClientFactory Factory, ResolvedConnection Place)> SeedAsync(params SeedRetentionRule[] rules)
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "web-1", BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/sdb", SizeGiB = 20 }] }],
            RetentionRules = rules,
        });
        var factory = LocalAwsFixture.IsolatedFactory();
        return (seeded, factory, localAws.Connection(factory));
    }

    private async Task<AmiRemovalResult> RemoveAsync(AwsClientFactory factory, ResolvedConnection place, string imageId)
    {
        var removal = new ImageRemoval(factory);
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var plan = await removal.PlanAsync(new RemovalRequest { Batches = [new RegionBatch(place, [imageId])] }, stream, token);
            foreach (var candidate in plan.Candidates) plan.Approve(candidate);
            await removal.ExecuteAsync(plan, stream, token);
        });
        Assert.Empty(events.OfType<ErrorEvent>());
        return (AmiRemovalResult)Assert.Single(events.OfType<OutputEvent>()).Item;
    }

    private static async Task<List<EngineEvent>> RestoreAsync(AwsClientFactory factory, ResolvedConnection place, string imageId) =>
        await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var bin = new RecycleBinImages(factory);
            var steps = await bin.PlanAsync([new RegionBatch(place, [imageId])], stream, token);
            await bin.RestoreAsync(steps, stream, token);
        });

    [Fact]
    public async Task WithRetentionRulesTheRemovalSaysRecycleBinAndRestoreBringsBackALaunchableImage()
    {
        var (seeded, factory, place) = await SeedAsync(KeepBoth);
        var imageId = seeded.ImageIds[0];
        var result = await RemoveAsync(factory, place, imageId);
        Assert.Equal(AmiUndo.RecycleBin, result.Undo);
        Assert.True(result.InRecycleBin);
        Assert.NotNull(result.RecycleBinExitTime);
        Assert.Equal(seeded.SnapshotIds.Order(), result.SnapshotsInRecycleBin.Order());

        var listed = await LocalAwsFixture.CollectAsync((s, t) => new RecycleBinImages(factory).ListAsync([place], [], ["web-*"], s, t));
        var entry = (AmiRecycleBinEntry)Assert.Single(listed.OfType<OutputEvent>()).Item;
        Assert.Equal(imageId, entry.ImageId);
        Assert.Equal(seeded.SnapshotIds.Order(), entry.SnapshotIds);

        var restored = await RestoreAsync(factory, place, imageId);
        Assert.Empty(restored.OfType<ErrorEvent>());
        var ami = (Ami)Assert.Single(restored.OfType<OutputEvent>()).Item;
        Assert.Equal("available", ami.State);
        Assert.Equal(2, await localAws.Control.CountCallsAsync("RestoreSnapshotFromRecycleBin"));
        var launched = await factory.Ec2(place).RunInstancesAsync(new RunInstancesRequest { ImageId = imageId, MinCount = 1, MaxCount = 1 });
        Assert.Single(launched.Reservation.Instances);
    }

    [Fact]
    public async Task WithoutARuleTheRemovalSaysGoneAndRestoreRefusesClearly()
    {
        var (seeded, factory, place) = await SeedAsync();
        var imageId = seeded.ImageIds[0];
        var result = await RemoveAsync(factory, place, imageId);
        Assert.Equal(AmiUndo.Gone, result.Undo);
        Assert.False(result.InRecycleBin);
        Assert.Empty(result.SnapshotsInRecycleBin);

        var restored = await RestoreAsync(factory, place, imageId);
        var error = Assert.Single(restored.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiNotInRecycleBin, error.ErrorId);
        Assert.Contains("gone for good", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("RestoreImageFromRecycleBin"));
    }

    [Fact]
    public async Task RestoringAnImageThatIsNotDeregisteredSaysSoNotThatItIsGone()
    {
        var (seeded, factory, place) = await SeedAsync(KeepBoth);
        var restored = await RestoreAsync(factory, place, seeded.ImageIds[0]);
        var error = Assert.Single(restored.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AmiNotInRecycleBin, error.ErrorId);
        Assert.Contains("is not deregistered (it is available)", error.Message);
        Assert.DoesNotContain("gone for good", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("RestoreImageFromRecycleBin"));
    }

    [Fact]
    public async Task AnImageKeptWithoutItsSnapshotsIsPartial()
    {
        var (seeded, factory, place) = await SeedAsync(KeepBoth[0]);
        var result = await RemoveAsync(factory, place, seeded.ImageIds[0]);
        Assert.Equal(AmiUndo.Partial, result.Undo);
        Assert.True(result.InRecycleBin);
        Assert.Empty(result.SnapshotsInRecycleBin);
    }
}
