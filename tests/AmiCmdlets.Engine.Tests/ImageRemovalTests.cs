using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Retirement;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Remove-AmiWithSnapshots' engine against LocalAws: checks, snapshot decisions, failures, call budget.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ImageRemovalTests(LocalAwsFixture localAws)
{
    private static IEnumerable<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error);

    private static List<AmiRemovalResult> Results(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => (AmiRemovalResult)e.Item).ToList();

    private static SeedImage Image(string name, int devices = 2, bool protectedImage = false) => new()
    {
        Name = name,
        DeregistrationProtection = protectedImage,
        BlockDevices = Enumerable.Range(0, devices).Select(i => new SeedBlockDevice { DeviceName = i == 0 ? "/dev/xvda" : "/dev/sd" + (char)('b' + i), SizeGiB = 8 + 10 * i }).ToList(),
    };

    private async Task<SeedResult> SeedAsync(params SeedImage[] images) => await localAws.Control.SeedAsync(new SeedRequest { Images = images });

    /// <summary>Plan, approve (all, or those <paramref name="approve"/> picks, in order), execute: as the cmdlet does.</summary>
    private async Task<(List<AmiRemovalResult> Results, List<EngineEvent> Events, List<string> Actions)> RemoveAsync(
        AwsClientFactory factory, IEnumerable<string> imageIds, bool keepSnapshots = false, bool force = false, Func<RemovalCandidate, bool>? approve = null,
        ResolvedConnection? connection = null)
    {
        var removal = new ImageRemoval(factory);
        var request = new RemovalRequest
        {
            Batches = [new RegionBatch(connection ?? localAws.Connection(factory), imageIds)],
            KeepSnapshots = keepSnapshots,
            Force = force,
        };
        var actions = new List<string>();
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var plan = await removal.PlanAsync(request, stream, token);
            foreach (var candidate in plan.Candidates)
            {
                actions.Add(plan.ActionFor(candidate));
                if (approve == null || approve(candidate)) plan.Approve(candidate);
            }
            await removal.ExecuteAsync(plan, stream, token);
        });
        return (Results(events), events, actions);
    }

    private async Task<List<string>> OwnSnapshotIdsAsync(AwsClientFactory factory) =>
        ((await factory.Ec2(localAws.Connection(factory)).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] })).Snapshots ?? [])
            .Select(s => s.SnapshotId).ToList();

    private async Task<int> MutatingCallsAsync() => (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count);

    [Fact]
    public async Task DeregistersTheImageThenDeletesEachSnapshot()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Image("web-old"));
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, actions) = await RemoveAsync(factory, seeded.ImageIds);

        Assert.Empty(Errors(events));
        Assert.Equal($"Deregister AMI 'web-old' and delete 2 snapshots ({seeded.SnapshotIds[0]}, {seeded.SnapshotIds[1]})", Assert.Single(actions));
        var result = Assert.Single(results);
        Assert.True(result.Deregistered);
        Assert.Equal(seeded.SnapshotIds, result.DeletedSnapshotIds);
        Assert.Empty(result.KeptSnapshots);
        Assert.Equal(8 + 18, result.FreedGiB);
        Assert.Equal("us-east-1", result.Region);
        Assert.Equal("web-old", result.Name);
        Assert.Empty(await OwnSnapshotIdsAsync(factory));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeregisterImage"));
        Assert.Equal(2, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
        // The in-use check: instances, $Default/$Latest template versions, and image references (pinned versions, SSM, Image Builder).
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImageReferences"));
    }

    [Fact]
    public async Task ASnapshotAnotherAmiUsesIsKeptNamingThatAmi()
    {
        await localAws.Control.ResetAsync();
        var first = await SeedAsync(Image("web-old"));
        var shared = first.SnapshotIds[0];
        // Deprecated and disabled images pin a snapshot as much as available ones.
        var other = await SeedAsync(new SeedImage { Name = "web-rebuilt", SnapshotIds = [shared], State = "disabled", DeprecationTime = DateTimeOffset.UtcNow.AddDays(-1) });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, actions) = await RemoveAsync(factory, [first.ImageIds[0]]);

        Assert.Empty(Errors(events));
        Assert.Contains($"delete 1 snapshot ({first.SnapshotIds[1]}) and keep {shared} (used by AMI {other.ImageIds[0]}", Assert.Single(actions));
        var result = Assert.Single(results);
        Assert.Equal([first.SnapshotIds[1]], result.DeletedSnapshotIds);
        var kept = Assert.Single(result.KeptSnapshots);
        Assert.Equal(shared, kept.SnapshotId);
        Assert.Contains(other.ImageIds[0], kept.Reason);
        Assert.Contains("web-rebuilt", kept.Reason);
        Assert.Equal(18, result.FreedGiB);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
        Assert.Contains(shared, await OwnSnapshotIdsAsync(factory));
    }

    [Fact]
    public async Task ASnapshotSharedByImagesRemovedTogetherGoesWithTheLastApproved()
    {
        await localAws.Control.ResetAsync();
        var first = await SeedAsync(Image("web-a", devices: 1));
        var second = await SeedAsync(new SeedImage { Name = "web-b", SnapshotIds = [first.SnapshotIds[0]] });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, actions) = await RemoveAsync(factory, [first.ImageIds[0], second.ImageIds[0]]);

        Assert.Empty(Errors(events));
        // Asked first, web-a cannot know that web-b will go too; web-b, asked after web-a was approved, can.
        Assert.Contains("keep 1 snapshot", actions[0]);
        Assert.Contains("delete 1 snapshot", actions[1]);
        Assert.All(results, r => Assert.Equal(first.SnapshotIds, r.DeletedSnapshotIds));
        Assert.Equal(8, results.Sum(r => r.FreedGiB));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
        Assert.Empty(await OwnSnapshotIdsAsync(factory));
    }

    [Fact]
    public async Task DecliningOneOfTwoImagesThatShareASnapshotKeepsIt()
    {
        await localAws.Control.ResetAsync();
        var first = await SeedAsync(Image("web-a", devices: 1));
        var second = await SeedAsync(new SeedImage { Name = "web-b", SnapshotIds = [first.SnapshotIds[0]] });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, _, _) = await RemoveAsync(factory, [first.ImageIds[0], second.ImageIds[0]], approve: c => c.Name == "web-a");

        var result = Assert.Single(results);
        Assert.Equal(first.ImageIds[0], result.ImageId);
        Assert.Empty(result.DeletedSnapshotIds);
        Assert.Contains(second.ImageIds[0], Assert.Single(result.KeptSnapshots).Reason);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
    }

    [Fact]
    public async Task AnImageAnInstanceUsesIsRefusedAndRemovedWithForce()
    {
        await localAws.Control.ResetAsync();
        var image = (await SeedAsync(Image("web-live"))).ImageIds[0];
        var instances = await localAws.Control.SeedAsync(new SeedRequest
        {
            Instances = [new SeedInstance { ImageId = image, State = "stopped" }, new SeedInstance { ImageId = image, State = "terminated" }],
        });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, _) = await RemoveAsync(factory, [image]);
        Assert.Empty(results);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiInUse", error.ErrorId);
        Assert.Equal(image, error.Target);
        Assert.Contains(instances.InstanceIds[0] + " (stopped)", error.Message);
        Assert.DoesNotContain(instances.InstanceIds[1], error.Message);
        Assert.Contains("-Force", error.Message);
        Assert.Equal(0, await MutatingCallsAsync());

        (results, events, var actions) = await RemoveAsync(factory, [image], force: true);
        Assert.Empty(Errors(events));
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.Contains(instances.InstanceIds[0]));
        Assert.Contains("although it is still used by instance " + instances.InstanceIds[0], Assert.Single(actions));
        Assert.True(Assert.Single(results).Deregistered);
    }

    [Fact]
    public async Task AnImageALaunchTemplateUsesIsRefusedAndRemovedWithForce()
    {
        await localAws.Control.ResetAsync();
        var images = (await SeedAsync(Image("web-default"), Image("web-latest"))).ImageIds;
        var templates = await localAws.Control.SeedAsync(new SeedRequest { LaunchTemplates = [new SeedLaunchTemplate { Name = "web-asg", ImageId = images[0] }] });
        var templateId = templates.LaunchTemplateIds[0];
        var factory = LocalAwsFixture.IsolatedFactory();
        await factory.Ec2(localAws.Connection(factory)).CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest
        {
            LaunchTemplateId = templateId,
            LaunchTemplateData = new RequestLaunchTemplateData { ImageId = images[1] },
        });

        var (results, events, _) = await RemoveAsync(factory, images);

        Assert.Empty(results);
        var errors = Errors(events).ToList();
        Assert.All(errors, e => Assert.Equal("AmiInUse", e.ErrorId));
        Assert.Contains($"launch template 'web-asg' ({templateId}) version 1 (default)", errors.Single(e => e.Target == images[0]).Message);
        Assert.Contains($"launch template 'web-asg' ({templateId}) version 2 (latest)", errors.Single(e => e.Target == images[1]).Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeregisterImage"));

        (results, events, _) = await RemoveAsync(factory, [images[1]], force: true);
        Assert.Empty(Errors(events));
        Assert.True(Assert.Single(results).Deregistered);
    }

    [Fact]
    public async Task AnImageOnlyAPinnedOlderLaunchTemplateVersionUsesIsRefusedAsFindStaleAmiSeesIt()
    {
        await localAws.Control.ResetAsync();
        var images = (await SeedAsync(Image("web-v1"), Image("web-v2"), Image("web-v3"))).ImageIds;
        var templates = await localAws.Control.SeedAsync(new SeedRequest { LaunchTemplates = [new SeedLaunchTemplate { Name = "web-asg", ImageId = images[0] }] });
        var templateId = templates.LaunchTemplateIds[0];
        var factory = LocalAwsFixture.IsolatedFactory();
        var ec2 = factory.Ec2(localAws.Connection(factory));
        // Version 2 of 3: neither $Default (1) nor $Latest (3); an Auto Scaling group may be pinned to it.
        foreach (var image in images.Skip(1))
            await ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest { LaunchTemplateId = templateId, LaunchTemplateData = new RequestLaunchTemplateData { ImageId = image } });

        var (results, events, _) = await RemoveAsync(factory, [images[1]]);

        Assert.Empty(results);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiInUse", error.ErrorId);
        Assert.Contains("launch template " + templateId, error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeregisterImage"));
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeleteSnapshot"));

        // Find-StaleAmi names the same user for the same image: one lookup decides "in use" for both.
        var staleEvents = await LocalAwsFixture.CollectAsync((stream, token) => new Cleanup.StaleAmiFinder(factory).FindAsync(
            [localAws.Connection(factory)], new Cleanup.StaleImageQuery { KeepLatest = 0, OlderThanDays = 0, IncludeInUse = true }, stream, token));
        var stale = staleEvents.OfType<OutputEvent>().Select(e => (AmiCleanupCandidate)e.Item).Single(c => c.ImageId == images[1]);
        Assert.Contains(Assert.Single(stale.InUseBy), error.Message);

        (results, events, _) = await RemoveAsync(factory, [images[1]], force: true);
        Assert.Empty(Errors(events));
        Assert.True(Assert.Single(results).Deregistered);
    }

    [Fact]
    public async Task AProtectedImageIsRefusedSayingHowToTurnItOff()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Image("web-kept", protectedImage: true), Image("web-cooldown"));
        var factory = LocalAwsFixture.IsolatedFactory();
        var ec2 = factory.Ec2(localAws.Connection(factory));
        await ec2.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = seeded.ImageIds[1], WithCooldown = true });

        var (results, events, _) = await RemoveAsync(factory, seeded.ImageIds, force: true);

        Assert.Empty(results);
        var errors = Errors(events).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("AmiDeregistrationProtected", e.ErrorId));
        Assert.Contains("Disable-AmiDeregistrationProtection -ImageId " + seeded.ImageIds[0] + " -Region us-east-1", errors[0].Message);
        Assert.Contains("24 hours", errors.Single(e => e.Target == seeded.ImageIds[1]).Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeregisterImage"));
    }

    [Fact]
    public async Task AnImageOfAnotherAccountOrAMissingOneIsRefused()
    {
        await localAws.Control.ResetAsync();
        var foreign = await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountB,
            Images = [new SeedImage { Name = "team-b-base", LaunchPermissions = [LocalAwsAccounts.DefaultAccount] }],
        });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, _) = await RemoveAsync(factory, [foreign.ImageIds[0], "ami-0123456789abcdef0"]);

        Assert.Empty(results);
        var errors = Errors(events).ToList();
        var notOwned = errors.Single(e => e.Target == foreign.ImageIds[0]);
        Assert.Equal("AmiNotOwned", notOwned.ErrorId);
        Assert.Contains(LocalAwsAccounts.AccountB, notOwned.Message);
        Assert.Equal("AmiNotFound", errors.Single(e => e.Target == "ami-0123456789abcdef0").ErrorId);
        Assert.Equal(0, await MutatingCallsAsync());
    }

    [Fact]
    public async Task KeepSnapshotDeregistersOnlyAndSkipsTheSnapshotIndex()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Image("web-keep"));
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, _, actions) = await RemoveAsync(factory, seeded.ImageIds, keepSnapshots: true);

        Assert.Equal($"Deregister AMI 'web-keep' and keep its 2 snapshots ({seeded.SnapshotIds[0]}, {seeded.SnapshotIds[1]})", Assert.Single(actions));
        var result = Assert.Single(results);
        Assert.True(result.Deregistered);
        Assert.Empty(result.DeletedSnapshotIds);
        Assert.Equal(seeded.SnapshotIds.Order(), result.KeptSnapshots.Select(k => k.SnapshotId).Order());
        Assert.All(result.KeptSnapshots, k => Assert.Equal("-KeepSnapshot", k.Reason));
        Assert.Equal(0, result.FreedGiB);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));
    }

    [Fact]
    public async Task ASnapshotDeleteThatFailsAfterTheDeregistrationIsReportedAndRecorded()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Image("web-crossed"));
        // An AMI of another account on our snapshot: our index cannot see it, EC2 refuses the delete.
        await localAws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, Images = [new SeedImage { Name = "b-on-our-snapshot", SnapshotIds = [seeded.SnapshotIds[1]] }] });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, _) = await RemoveAsync(factory, seeded.ImageIds);

        var error = Assert.Single(Errors(events));
        Assert.Equal("SnapshotInUse", error.ErrorId);
        Assert.Equal(seeded.SnapshotIds[1], error.Target);
        Assert.Contains(seeded.ImageIds[0], error.Message);
        var result = Assert.Single(results);
        Assert.True(result.Deregistered);
        Assert.Equal([seeded.SnapshotIds[0]], result.DeletedSnapshotIds);
        var kept = Assert.Single(result.KeptSnapshots);
        Assert.Equal(seeded.SnapshotIds[1], kept.SnapshotId);
        Assert.StartsWith("delete failed", kept.Reason);
        Assert.Equal(8, result.FreedGiB);
    }

    [Fact]
    public async Task ThrottledDeletesAreRetriedAndEachSnapshotIsDeletedOnce()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Enumerable.Range(0, 20).Select(i => Image("web-" + i.ToString("D2"))).ToArray());
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DeleteSnapshot", Fraction = 0.2, Seed = 11 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        // 8 attempts (Set-AmiContext -MaxAttempts 8): a snapshot then fails only if 8 calls in a row are
        // throttled (0.2^8), so the test shows retries without being flaky.
        var connection = factory.Resolver.Resolve(new ConnectionSettings
        {
            Region = "us-east-1",
            Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            EndpointUrl = localAws.Url,
            MaxAttempts = 8,
        }, null);

        var (results, events, _) = await RemoveAsync(factory, seeded.ImageIds, connection: connection);
        await localAws.Control.ClearFaultsAsync();

        Assert.Empty(Errors(events));
        Assert.Equal(20, results.Count);
        var deleted = results.SelectMany(r => r.DeletedSnapshotIds).ToList();
        Assert.Equal(seeded.SnapshotIds.Order(), deleted.Order());
        Assert.Empty(await OwnSnapshotIdsAsync(factory));
        Assert.True(await localAws.Control.CountCallsAsync("DeleteSnapshot") > 40, "the fault should have throttled some deletes");
        // Each delete was accepted exactly once: none found its snapshot already gone.
        Assert.DoesNotContain(events.OfType<VerboseEvent>(), v => v.Message.Contains("was already deleted"));
    }

    [Fact]
    public async Task Removing200AmisWith2SnapshotsEachStaysWithinTheCallBudget()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Enumerable.Range(0, 200).Select(i => Image("bulk-" + i.ToString("D3"))).ToArray());
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, events, _) = await RemoveAsync(factory, seeded.ImageIds);

        Assert.Empty(Errors(events));
        Assert.Equal(200, results.Count(r => r.Deregistered && r.DeletedSnapshotIds.Count == 2));
        var calls = await localAws.Control.GetCallsAsync();
        Assert.True(calls.Where(c => c.Action == "DeregisterImage").Sum(c => c.Count) <= 200);
        Assert.True(calls.Where(c => c.Action == "DeleteSnapshot").Sum(c => c.Count) <= 400);
        // DescribeImageReferences takes 10 images a call: 20 for 200 images, the price of seeing pinned template versions.
        Assert.Equal(20, calls.Where(c => c.Action == "DescribeImageReferences").Sum(c => c.Count));
        var others = calls.Where(c => c.Action is not ("DeregisterImage" or "DeleteSnapshot" or "DescribeImageReferences")).ToList();
        // Two of them ask the Recycle Bin what it kept (ListImagesInRecycleBin, ListSnapshotsInRecycleBin: the whole bin, one page each).
        Assert.True(others.Sum(c => c.Count) <= 12, "other calls: " + string.Join(", ", others.Select(c => c.Action + "=" + c.Count)));
    }

    [Fact]
    public async Task NothingApprovedMeansNoMutatingCall()
    {
        await localAws.Control.ResetAsync();
        var seeded = await SeedAsync(Image("web-whatif"));
        var factory = LocalAwsFixture.IsolatedFactory();

        var (results, _, actions) = await RemoveAsync(factory, seeded.ImageIds, approve: _ => false);

        Assert.Single(actions);
        Assert.Empty(results);
        Assert.Equal(0, await MutatingCallsAsync());
    }
}
