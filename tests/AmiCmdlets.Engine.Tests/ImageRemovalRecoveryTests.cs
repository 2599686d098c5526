using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Retirement;
using AmiCmdlets.Engine.Sharing;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// Remove-AmiWithSnapshots when things stop halfway (a killed process, a re-run with the same ids) and the
/// KMS grants Grant-AmiLaunchPermission made for the images it removes.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ImageRemovalRecoveryTests(LocalAwsFixture localAws)
{
    private const string B = LocalAwsAccounts.AccountB;
    private readonly AwsClientFactory _factory = LocalAwsFixture.IsolatedFactory();

    private ResolvedConnection Owner => localAws.Connection(_factory);

    private static List<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error).ToList();

    private static SeedImage Image(string name, string? keyAlias = null) => new()
    {
        Name = name,
        Encrypted = keyAlias != null,
        KmsKeyId = keyAlias == null ? null : "alias/" + keyAlias,
        BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/xvdb", SizeGiB = 20 }],
    };

    /// <summary>Plan, approve (all, or those <paramref name="approve"/> picks), execute: as the cmdlet does.</summary>
    private async Task<(List<AmiRemovalResult> Results, List<EngineEvent> Events, List<string> Actions)> RemoveAsync(
        IEnumerable<string> imageIds, Func<RemovalCandidate, bool>? approve = null, ResolvedConnection? connection = null)
    {
        var removal = new ImageRemoval(_factory);
        var request = new RemovalRequest { Batches = [new RegionBatch(connection ?? Owner, imageIds)] };
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
        return (events.OfType<OutputEvent>().Select(e => (AmiRemovalResult)e.Item).ToList(), events, actions);
    }

    private async Task<List<string>> OwnSnapshotIdsAsync() =>
        ((await _factory.Ec2(Owner).DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] })).Snapshots ?? []).Select(s => s.SnapshotId).ToList();

    private async Task<List<Image>> OwnImagesAsync() =>
        // EC2 still lists a just-deregistered image (state deregistered) for a while: only registered ones count.
        ((await _factory.Ec2(Owner).DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] })).Images ?? [])
            .Where(i => i.State != Amazon.EC2.ImageState.Deregistered).ToList();

    private async Task<List<string>> GrantNamesAsync(string keyArn) =>
        ((await _factory.Kms(Owner).ListGrantsAsync(new ListGrantsRequest { KeyId = keyArn })).Grants ?? []).Select(g => g.Name).Order().ToList();

    /// <summary>Grant-AmiLaunchPermission -AccountId B: launch permission, snapshots, and one KMS grant per key.</summary>
    private async Task ShareWithBAsync(params string[] imageIds)
    {
        var sharing = new LaunchPermissionSharing(_factory);
        var request = new SharingRequest { Images = imageIds.Select(id => new SharingTarget(Owner, id, [SharingPrincipals.AccountId(B)])).ToList() };
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) => await sharing.ExecuteAsync(await sharing.PlanGrantAsync(request, stream, token), false, stream, token));
        Assert.Empty(Errors(events));
    }

    private async Task<int> CallsSinceAsync(IReadOnlyList<CallCount> before, string action) =>
        (await localAws.Control.GetCallsAsync()).Where(c => c.Action == action).Sum(c => c.Count) - before.Where(c => c.Action == action).Sum(c => c.Count);

    /// <summary>Polls LocalAws until <paramref name="condition"/> holds; the time limit only turns a hang into a failure.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail("Timed out waiting for " + what);
    }

    [Fact]
    public async Task AStoppedRemovalLeavesNoSnapshotWithoutItsImageBesidesThoseInFlight()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = Enumerable.Range(0, 30).Select(i => Image("kill-" + i.ToString("D2"))).ToArray() });
        // The 6th and later DeregisterImage calls wait unanswered: the process "stops" right there.
        await localAws.Control.SetFaultsAsync(new FaultSettings { HoldAfter = new Dictionary<string, int> { ["DeregisterImage"] = 5 } });
        var removal = new ImageRemoval(_factory);
        using var events = new EngineEventStream();
        var plan = await removal.PlanAsync(new RemovalRequest { Batches = [new RegionBatch(Owner, seeded.ImageIds)] }, events, CancellationToken.None);
        foreach (var candidate in plan.Candidates) plan.Approve(candidate);
        var run = removal.ExecuteAsync(plan, events, CancellationToken.None);
        try
        {
            // What a SIGKILL now would leave: the 5 deregistered images have already lost their snapshots too.
            await WaitUntilAsync(async () => (await OwnSnapshotIdsAsync()).Count == 50, "the snapshots of the 5 deregistered images to be deleted while the others wait");
            var left = await OwnImagesAsync();
            Assert.Equal(25, left.Count);
            var stillUsed = left.SelectMany(i => i.BlockDeviceMappings).Select(m => m.Ebs.SnapshotId).Order().ToList();
            Assert.Equal(stillUsed, (await OwnSnapshotIdsAsync()).Order().ToList());
        }
        finally { await localAws.Control.ClearFaultsAsync(); }

        await run;
        Assert.Empty(await OwnImagesAsync());
        Assert.Empty(await OwnSnapshotIdsAsync());
        Assert.Equal(60, await localAws.Control.CountCallsAsync("DeleteSnapshot"));
    }

    [Fact]
    public async Task CtrlCStopsNewDeregistrationsButFinishesTheStartedOnesWithTheirSnapshots()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = Enumerable.Range(0, 30).Select(i => Image("stop-" + i.ToString("D2"))).ToArray() });
        await localAws.Control.SetFaultsAsync(new FaultSettings { HoldAfter = new Dictionary<string, int> { ["DeregisterImage"] = 5 } });
        var removal = new ImageRemoval(_factory);
        using var stop = new CancellationTokenSource();
        using var events = new EngineEventStream();
        var plan = await removal.PlanAsync(new RemovalRequest { Batches = [new RegionBatch(Owner, seeded.ImageIds)] }, events, CancellationToken.None);
        foreach (var candidate in plan.Candidates) plan.Approve(candidate);
        var run = removal.ExecuteAsync(plan, events, stop.Token);
        try
        {
            // 5 answered, and the 8 call slots all taken by held deregistrations: then Ctrl+C.
            await WaitUntilAsync(async () => await localAws.Control.CountCallsAsync("DeregisterImage") == 13 && (await OwnSnapshotIdsAsync()).Count == 50, "8 deregistrations in flight");
            stop.Cancel();
        }
        finally { await localAws.Control.ClearFaultsAsync(); }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // The 8 started deregistrations completed and took their snapshots along; the other 17 never started.
        var left = await OwnImagesAsync();
        Assert.Equal(17, left.Count);
        Assert.Equal(13, await localAws.Control.CountCallsAsync("DeregisterImage"));
        var stillUsed = left.SelectMany(i => i.BlockDeviceMappings).Select(m => m.Ebs.SnapshotId).Order().ToList();
        Assert.Equal(stillUsed, (await OwnSnapshotIdsAsync()).Order().ToList());
    }

    [Fact]
    public async Task ARerunWithTheSameIdsFinishesWhatAKilledRunLeft()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Keys = [new SeedKey { Alias = "golden" }],
            Images = [Image("web-x", keyAlias: "golden"), Image("web-y"), Image("web-z"), Image("other-w")],
        });
        var (x, y, z, w) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.ImageIds[2], seeded.ImageIds[3]);
        var snapshotsOf = seeded.ImageIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => seeded.SnapshotIds.Skip(2 * p.i).Take(2).ToList());
        // web-y's data snapshot also backs another registered image: it is not web-y's to delete.
        var sibling = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-y-sibling", SnapshotIds = [snapshotsOf[y][1]] }] })).ImageIds[0];
        await ShareWithBAsync(x);
        Assert.Single(await GrantNamesAsync(seeded.KeyArns[0]));
        // A run killed right after these deregistrations, before any snapshot delete or grant revocation.
        var ec2 = _factory.Ec2(Owner);
        foreach (var id in new[] { x, y, w }) await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = id });
        var before = await localAws.Control.GetCallsAsync();

        var (results, events, actions) = await RemoveAsync([x, y, z]);

        Assert.Empty(Errors(events));
        // One DescribeSnapshots finds what the gone images left; only the registered image is deregistered.
        Assert.Equal(1, await CallsSinceAsync(before, "DeregisterImage"));
        Assert.Equal(5, await CallsSinceAsync(before, "DeleteSnapshot"));
        Assert.Equal(1, await CallsSinceAsync(before, "DescribeSnapshots"));
        Assert.Equal(1, await CallsSinceAsync(before, "RevokeGrant"));
        Assert.Equal([x, y, z], results.Select(r => r.ImageId));
        Assert.Contains("already deregistered", actions[0]);
        Assert.Contains($"delete 2 snapshots ({string.Join(", ", snapshotsOf[x].Order())})", actions[0]);
        Assert.All(results, r => Assert.True(r.Deregistered));
        Assert.Equal([true, true, false], results.Select(r => r.AlreadyDeregistered));
        Assert.Equal(snapshotsOf[x].Order(), results[0].DeletedSnapshotIds);
        Assert.Equal([snapshotsOf[y][0]], results[1].DeletedSnapshotIds);
        Assert.Equal(snapshotsOf[z], results[2].DeletedSnapshotIds);
        Assert.Equal([$"AmiCmdlets-{x}-{B} on {seeded.KeyArns[0]}"], results[0].RevokedKmsGrants);
        Assert.Empty(await GrantNamesAsync(seeded.KeyArns[0]));
        // Left alone: the snapshot another image uses, and the leftovers of an image nobody asked about.
        Assert.Equal(new[] { snapshotsOf[w][0], snapshotsOf[w][1], snapshotsOf[y][1] }.Order(), (await OwnSnapshotIdsAsync()).Order());
        Assert.Equal([sibling], (await OwnImagesAsync()).Select(i => i.ImageId));
    }

    [Fact]
    public async Task RemovalRevokesTheKmsGrantsSharingMadeForTheImageAndSaysSo()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Keys = [new SeedKey { Alias = "golden" }], Images = [Image("web-old", "golden"), Image("web-new", "golden")] });
        var (old, kept, key) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.KeyArns[0]);
        await ShareWithBAsync(old, kept);
        await _factory.Kms(Owner).CreateGrantAsync(new CreateGrantRequest { KeyId = key, GranteePrincipal = $"arn:aws:iam::{B}:root", Operations = ["Decrypt"], Name = "someone-elses" });
        var all = await GrantNamesAsync(key);

        // -WhatIf: the question names the grant; nothing is revoked.
        var (results, _, actions) = await RemoveAsync([old], approve: _ => false);
        Assert.Empty(results);
        Assert.Contains($"revoke 1 KMS grant (AmiCmdlets-{old}-{B})", Assert.Single(actions));
        Assert.Equal(0, await localAws.Control.CountCallsAsync("RevokeGrant"));
        Assert.Equal(all, await GrantNamesAsync(key));

        (results, var events, _) = await RemoveAsync([old]);

        Assert.Empty(Errors(events));
        var result = Assert.Single(results);
        Assert.True(result.Deregistered);
        Assert.Equal([$"AmiCmdlets-{old}-{B} on {key}"], result.RevokedKmsGrants);
        // Only the removed image's grant went: the other image's and someone else's stay.
        Assert.Equal(new[] { $"AmiCmdlets-{kept}-{B}", "someone-elses" }.Order(), await GrantNamesAsync(key));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("RevokeGrant"));
    }

    [Fact]
    public async Task AGrantThatCannotBeRevokedIsAnErrorNamingItAndAFailedDeregistrationRevokesNothing()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Keys = [new SeedKey { Alias = "golden" }], Images = [Image("web-a", "golden"), Image("web-b", "golden")] });
        var (a, b, key) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.KeyArns[0]);
        await ShareWithBAsync(a, b);

        // Still throttled after every retry (3 attempts): the image is not deregistered, so its grant stays.
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DeregisterImage", NextN = 3 } });
        var (results, events, _) = await RemoveAsync([a]);
        await localAws.Control.ClearFaultsAsync();
        Assert.False(Assert.Single(results).Deregistered);
        Assert.Empty(results[0].RevokedKmsGrants);
        Assert.Equal("AwsThrottled", Assert.Single(Errors(events)).ErrorId);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("RevokeGrant"));
        Assert.Contains($"AmiCmdlets-{a}-{B}", await GrantNamesAsync(key));

        // The image goes, the revocation fails: one error naming the grant, never silence.
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "RevokeGrant", NextN = 3 } });
        (results, events, _) = await RemoveAsync([b]);
        await localAws.Control.ClearFaultsAsync();
        var result = Assert.Single(results);
        Assert.True(result.Deregistered);
        Assert.Equal(2, result.DeletedSnapshotIds.Count);
        Assert.Empty(result.RevokedKmsGrants);
        var error = Assert.Single(Errors(events));
        Assert.Equal("KmsGrantNotRevoked", error.ErrorId);
        Assert.Equal($"AmiCmdlets-{b}-{B}", error.Target);
        Assert.Contains(key, error.Message);
        Assert.Contains("aws kms revoke-grant", error.Message);
        Assert.Contains($"AmiCmdlets-{b}-{B}", await GrantNamesAsync(key));
    }

    [Fact]
    public async Task AnImageDeregisteredBetweenTheQuestionAndTheRemovalIsFinishedAsAlreadyDeregistered()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest { Images = [Image("web-raced")] });
        var removal = new ImageRemoval(_factory);
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var plan = await removal.PlanAsync(new RemovalRequest { Batches = [new RegionBatch(Owner, seeded.ImageIds)] }, stream, token);
            plan.Approve(Assert.Single(plan.Candidates));
            // Someone else deregisters it while the user reads the question: DeregisterImage then answers InvalidAMIID.Unavailable.
            await _factory.Ec2(Owner).DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });
            await removal.ExecuteAsync(plan, stream, token);
        });

        Assert.Empty(Errors(events));
        var result = (AmiRemovalResult)Assert.Single(events.OfType<OutputEvent>()).Item;
        Assert.True(result.Deregistered);
        Assert.True(result.AlreadyDeregistered);
        Assert.Equal(seeded.SnapshotIds.Order(), result.DeletedSnapshotIds.Order());
        Assert.Empty(await OwnSnapshotIdsAsync());
    }
}
