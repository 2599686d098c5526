using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Archive;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Disable-Ami -ArchiveSnapshots and Enable-Ami -RestoreSnapshots against LocalAws's snapshot tiers.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class SnapshotArchiveTests(LocalAwsFixture localAws)
{
    private async Task<(SeedResult Seeded, AwsClientFactory Factory, ResolvedConnection Place)> SeedSharedSnapshotAsync()
    {
        await localAws.Control.ResetAsync();
        var keep = await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage { Name = "keep-1", DeprecationTime = DateTimeOffset.UtcNow.AddDays(30),
                BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/sdb", SizeGiB = 100 }] }],
        });
        // A second image registered on keep-1's root snapshot: that snapshot must stay standard.
        await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "other", SnapshotIds = [keep.SnapshotIds[0]] }] });
        var factory = LocalAwsFixture.IsolatedFactory();
        return (keep, factory, localAws.Connection(factory));
    }

    private static async Task<(List<EngineEvent> Events, IReadOnlyList<ArchiveStep> Steps)> ArchiveAsync(AwsClientFactory factory, ResolvedConnection place, string imageId, bool approve = true)
    {
        IReadOnlyList<ArchiveStep> steps = [];
        var events = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var archive = new SnapshotArchive(factory);
            steps = await archive.PlanArchiveAsync([new RegionBatch(place, [imageId])], s, t);
            if (approve) await archive.ArchiveAsync(steps, s, t);
        });
        return (events, steps);
    }

    [Fact]
    public async Task ArchivesOnlyTheSnapshotsNoOtherImageUsesAndSaysWhatItCosts()
    {
        var (seeded, factory, place) = await SeedSharedSnapshotAsync();
        var (events, steps) = await ArchiveAsync(factory, place, seeded.ImageIds[0]);
        var step = Assert.Single(steps);
        Assert.Equal([seeded.SnapshotIds[1]], step.SnapshotIds);
        Assert.Contains("Disable AMI 'keep-1'", step.Action);
        Assert.Contains("$5.00 -> $1.25 a month", step.Action);
        Assert.Contains("billed for at least 90 days", step.Action);
        Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains(seeded.SnapshotIds[0]) && v.Message.Contains("uses it too"));
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.Contains("90-day minimum"));
        var tier = (AmiSnapshotTier)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.Equal(seeded.SnapshotIds[1], tier.SnapshotId);
        Assert.Equal("archival-completed", tier.TieringStatus);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ModifySnapshotTier"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DisableImage"));
    }

    [Fact]
    public async Task NothingApprovedMeansNoMutatingCall()
    {
        var (seeded, factory, place) = await SeedSharedSnapshotAsync();
        await ArchiveAsync(factory, place, seeded.ImageIds[0], approve: false);
        Assert.Equal(0, (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count));
    }

    [Fact]
    public async Task RestoreWithWaitEndsWithTheImageLaunchable()
    {
        var (seeded, factory, place) = await SeedSharedSnapshotAsync();
        await ArchiveAsync(factory, place, seeded.ImageIds[0]);
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { SnapshotRestoreSeconds = new Dictionary<string, double> { ["*"] = 1 } });
        var archive = new SnapshotArchive(factory);
        var policy = new WaitPolicy(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));
        var events = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var steps = await archive.PlanRestoreAsync([new RegionBatch(place, [seeded.ImageIds[0]])], SnapshotRestoreKind.Temporary(7), s, t);
            var step = Assert.Single(steps);
            Assert.Contains("Re-enable AMI 'keep-1'", step.Action);
            Assert.Contains("for 7 day(s)", step.Action);
            await archive.RestoreAsync(steps, SnapshotRestoreKind.Temporary(7), policy, s, t);
        });
        Assert.Empty(events.OfType<ErrorEvent>());
        var ami = (Ami)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.Equal("available", ami.State);
        Assert.True(await localAws.Control.CountCallsAsync("DescribeSnapshotTierStatus") >= 2);
        var launched = await factory.Ec2(place).RunInstancesAsync(new RunInstancesRequest { ImageId = seeded.ImageIds[0], MinCount = 1, MaxCount = 1 });
        Assert.Single(launched.Reservation.Instances);
    }

    [Fact]
    public async Task APermanentRestoreAfterATemporaryOneMakesItPermanent()
    {
        var (seeded, factory, place) = await SeedSharedSnapshotAsync();
        await ArchiveAsync(factory, place, seeded.ImageIds[0]);
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { SnapshotRestoreSeconds = new Dictionary<string, double> { ["*"] = 0 } });
        var archive = new SnapshotArchive(factory);
        var policy = new WaitPolicy(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200));
        var batch = new RegionBatch(place, [seeded.ImageIds[0]]);
        await LocalAwsFixture.CollectAsync(async (s, t) =>
            await archive.RestoreAsync(await archive.PlanRestoreAsync([batch], SnapshotRestoreKind.Temporary(3), s, t), SnapshotRestoreKind.Temporary(3), policy, s, t));
        var restoresBefore = await localAws.Control.CountCallsAsync("RestoreSnapshotTier");

        var events = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var steps = await archive.PlanRestoreAsync([batch], SnapshotRestoreKind.Permanent, s, t);
            Assert.NotEmpty(Assert.Single(steps).SnapshotIds);
            await archive.RestoreAsync(steps, SnapshotRestoreKind.Permanent, policy, s, t);
        });
        Assert.Empty(events.OfType<ErrorEvent>());
        Assert.True(await localAws.Control.CountCallsAsync("RestoreSnapshotTier") > restoresBefore);
        var statuses = await factory.Ec2(place).DescribeSnapshotTierStatusAsync(new DescribeSnapshotTierStatusRequest());
        Assert.All(statuses.SnapshotTierStatuses, t => Assert.Null(t.RestoreExpiryTime));
    }
}
