using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Cleanup;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Images;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Sharing;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// EC2 answers a deregistered image three ways over time: listed with state "deregistered", then left out of the
/// results while an instance still uses it, then InvalidAMIID.NotFound. Every module path that decides "gone"
/// must give the same answer for all three; LocalAws drives each phase (deregisteredVisibleSeconds, instances).
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class DeregisteredImageTests(LocalAwsFixture localAws)
{
    public enum Answer { ListedAsDeregistered, EmptyResults, NotFound }

    public static TheoryData<Answer> Answers => new() { Answer.ListedAsDeregistered, Answer.EmptyResults, Answer.NotFound };

    private static readonly WaitPolicy Quick = new(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));

    private static IEnumerable<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error);

    private static IEnumerable<T> Outputs<T>(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => e.Item).OfType<T>();

    /// <summary>A deregistered image (name "web-golden", one snapshot) that DescribeImages answers the given way.</summary>
    private async Task<(AwsClientFactory Factory, ResolvedConnection Connection, string ImageId, string SnapshotId)> DeregisteredAsync(Answer answer,
        SeedImage? image = null, string region = "us-east-1")
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, region);
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Region = region, Images = [image ?? new SeedImage { Name = "web-golden" }] });
        var imageId = seeded.ImageIds[0];
        if (answer == Answer.EmptyResults)
            await localAws.Control.SeedAsync(new SeedRequest { Region = region, Instances = [new SeedInstance { ImageId = imageId, State = "running" }] });
        var ec2 = factory.Ec2(connection);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        if (answer != Answer.ListedAsDeregistered)
            await localAws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["*"] = 0 } });

        // The emulator really answers the way the test names.
        var byId = new DescribeImagesRequest { ImageIds = [imageId] };
        switch (answer)
        {
            case Answer.ListedAsDeregistered:
                Assert.Equal("deregistered", Assert.Single((await ec2.DescribeImagesAsync(byId)).Images).State.Value);
                break;
            case Answer.EmptyResults:
                Assert.Null((await ec2.DescribeImagesAsync(byId)).Images);
                break;
            default:
                var e = await Assert.ThrowsAsync<Amazon.EC2.AmazonEC2Exception>(() => ec2.DescribeImagesAsync(byId));
                Assert.Equal("InvalidAMIID.NotFound", e.ErrorCode);
                break;
        }
        return (factory, connection, imageId, seeded.SnapshotIds[0]);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task GetAmi_reports_a_literal_deregistered_id_as_AmiNotFound_and_lists_it_nowhere(Answer answer)
    {
        var (factory, connection, imageId, _) = await DeregisteredAsync(answer);
        var byId = await LocalAwsFixture.CollectAsync((s, t) => new AmiFinder(factory).FindAsync([connection], new ImageQuery { ImageIds = [imageId] }, s, t));
        Assert.Empty(Outputs<Ami>(byId));
        Assert.Equal("AmiNotFound", Assert.Single(Errors(byId)).ErrorId);
        var owned = await LocalAwsFixture.CollectAsync((s, t) => new AmiFinder(factory).FindAsync([connection], new ImageQuery(), s, t));
        Assert.Empty(Outputs<Ami>(owned));
        Assert.Empty(Errors(owned));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_wait_ends_with_AmiNotFound_at_once_rather_than_failing_or_waiting(Answer answer)
    {
        var (factory, connection, imageId, _) = await DeregisteredAsync(answer);
        // Listed as deregistered is "gone", not a failed build ("AmiCreationFailed") nor one still to come.
        var events = await LocalAwsFixture.CollectAsync((s, t) =>
            new ImageWaiter(factory).WaitAndReportAsync([new WaitTarget(connection, [imageId])], "available", Quick, s, t));
        Assert.Empty(Outputs<Ami>(events));
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNotFound", error.ErrorId);
        Assert.Equal(imageId, error.Target);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task The_snapshot_of_a_deregistered_image_is_an_orphan(Answer answer)
    {
        var (factory, connection, imageId, snapshotId) = await DeregisteredAsync(answer);
        var events = await LocalAwsFixture.CollectAsync((s, t) => new OrphanedSnapshotFinder(factory).FindAsync([connection], Cost.SnapshotPriceTable.Default, s, t));
        var orphan = Assert.Single(Outputs<AmiOrphanedSnapshot>(events));
        Assert.Equal(snapshotId, orphan.SnapshotId);
        Assert.Equal(imageId, orphan.FormerImageId);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_copy_rerun_does_not_adopt_a_deregistered_copy(Answer answer)
    {
        await localAws.Control.ResetAsync();
        var source = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-golden" }] })).ImageIds[0];
        // The earlier copy in eu-west-1 (same name, same source) was deregistered since.
        var (factory, _, earlierCopy, _) = await DeregisteredAsyncKeepingSource(answer, source);
        var request = new CopyRequest { Sources = [new CopySource(localAws.Connection(factory, "us-east-1"), source)], Destinations = ["eu-west-1"] };
        var fanOut = new CopyFanOut(factory);
        var events = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var jobs = await fanOut.PlanAsync(request, s, t);
            await fanOut.ExecuteAsync(request, jobs, outputAsCreated: true, s, t);
        });
        Assert.Empty(Errors(events));
        var copy = Assert.Single(Outputs<Ami>(events));
        Assert.NotEqual(earlierCopy, copy.ImageId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CopyImage"));
    }

    /// <summary>Like <see cref="DeregisteredAsync"/> without the reset, for a copy of <paramref name="source"/> in eu-west-1.</summary>
    private async Task<(AwsClientFactory, ResolvedConnection, string, string)> DeregisteredAsyncKeepingSource(Answer answer, string source)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory, "eu-west-1");
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = "eu-west-1",
            Images = [new SeedImage { Name = "web-golden", SourceImageId = source, SourceImageRegion = "us-east-1" }],
        });
        var imageId = seeded.ImageIds[0];
        if (answer == Answer.EmptyResults)
            await localAws.Control.SeedAsync(new SeedRequest { Region = "eu-west-1", Instances = [new SeedInstance { ImageId = imageId, State = "running" }] });
        await factory.Ec2(connection).DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        if (answer != Answer.ListedAsDeregistered)
            await localAws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["*"] = 0 } });
        return (factory, connection, imageId, seeded.SnapshotIds[0]);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Sharing_and_retirement_report_AmiNotFound_and_removal_finishes_the_leftover_snapshot(Answer answer)
    {
        var (factory, connection, imageId, snapshotId) = await DeregisteredAsync(answer);
        var before = await localAws.Control.GetCallsAsync();

        var sharing = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var plans = await new LaunchPermissionSharing(factory).PlanGrantAsync(new SharingRequest
            {
                Images = [new SharingTarget(connection, imageId, [SharingPrincipals.AccountId(LocalAwsAccounts.AccountB)])],
            }, s, t);
            Assert.Empty(plans);
        });
        Assert.Equal("AmiNotFound", Assert.Single(Errors(sharing)).ErrorId);

        var retirement = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var steps = await new ImageRetirement(factory).PlanAsync([new RegionBatch(connection, [imageId])], new RetirementChange(RetirementChangeKind.Disable), s, t);
            Assert.Empty(steps);
        });
        Assert.Equal("AmiNotFound", Assert.Single(Errors(retirement)).ErrorId);

        var mutating = (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count) - before.Where(c => c.Mutating).Sum(c => c.Count);
        Assert.Equal(0, mutating);

        // Removal of an image already deregistered finishes its work: the snapshot it left is deleted (a re-run
        // after a killed removal looks exactly like this), and nothing is deregistered again.
        var removal = await LocalAwsFixture.CollectAsync(async (s, t) =>
        {
            var plan = await new ImageRemoval(factory).PlanAsync(new RemovalRequest { Batches = [new RegionBatch(connection, [imageId])] }, s, t);
            foreach (var candidate in plan.Candidates) plan.Approve(candidate);
            await new ImageRemoval(factory).ExecuteAsync(plan, s, t);
        });
        Assert.Empty(Errors(removal));
        var result = Assert.Single(Outputs<AmiRemovalResult>(removal));
        Assert.True(result.AlreadyDeregistered);
        Assert.Equal([snapshotId], result.DeletedSnapshotIds);
        var calls = await localAws.Control.GetCallsAsync();
        Assert.Equal(0, calls.Where(c => c.Action == "DeregisterImage").Sum(c => c.Count) - before.Where(c => c.Action == "DeregisterImage").Sum(c => c.Count));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_capture_may_take_the_name_of_a_deregistered_image(Answer answer)
    {
        // DeregisterImage frees the name at once, even while EC2 still lists the image as deregistered.
        var (factory, connection, imageId, _) = await DeregisteredAsync(answer);
        var instanceId = (await localAws.Control.SeedAsync(new SeedRequest { Instances = [new SeedInstance()] })).InstanceIds[0];
        var capture = new GoldenImageCapture(factory);
        var plan = await capture.PlanAsync(connection, new CaptureRequest { InstanceId = instanceId, NameTemplate = "web-golden", NoReboot = true }, CancellationToken.None);
        using var events = new EngineEventStream();
        var created = await capture.CreateAsync(connection, plan, events, CancellationToken.None);
        Assert.NotEqual(imageId, created.ImageId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImage"));
    }
}
