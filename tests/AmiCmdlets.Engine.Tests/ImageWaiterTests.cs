using System.Diagnostics;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class ImageWaiterTests(LocalAwsFixture localAws)
{
    private static readonly WaitPolicy Every300Ms = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));

    /// <summary>Creates images through CreateImage so they go through LocalAws's pending time.</summary>
    private async Task<List<string>> CreateImagesAsync(AwsClientFactory factory, string region, int count)
    {
        var connection = localAws.Connection(factory, region);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var instanceId = (await localAws.Control.SeedAsync(new SeedRequest { Region = region, Instances = [new SeedInstance()] })).InstanceIds[0];
            var capture = new GoldenImageCapture(factory);
            var plan = await capture.PlanAsync(connection, new CaptureRequest { InstanceId = instanceId, NameTemplate = $"wait-{region}-{i}", NoReboot = true }, CancellationToken.None);
            using var events = new EngineEventStream();
            ids.Add((await capture.CreateAsync(connection, plan, events, CancellationToken.None)).ImageId);
        }
        return ids;
    }

    /// <summary>Images stay pending until the test calls <see cref="LocalAwsControl.FinishPendingAsync"/>: no race with their pending time.</summary>
    private Task PendingUntilReleasedAsync() =>
        localAws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 3600 } });

    [Fact]
    public async Task ManyImagesInSeveralRegionsCostOneDescribePerRegionPerPoll()
    {
        await localAws.Control.ResetAsync();
        await PendingUntilReleasedAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        string[] regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
        var targets = new List<WaitTarget>();
        foreach (var region in regions) targets.Add(new WaitTarget(localAws.Connection(factory, region), await CreateImagesAsync(factory, region, 5)));
        var before = await localAws.Control.GetCallsAsync();
        // Six polls are answered (all pending), then each region's next poll is held: every region has polled
        // at least once and has exactly one poll in flight. The images settle while those polls are held.
        await localAws.Control.SetFaultsAsync(new FaultSettings { HoldAfter = new Dictionary<string, int> { ["DescribeImages"] = 6 } });

        var waiting = LocalAwsFixture.CollectAsync((stream, token) => new ImageWaiter(factory).WaitAndReportAsync(targets, "available", Every300Ms, stream, token));
        await localAws.Control.WaitForCallsAsync("DescribeImages", before.Where(c => c.Action == "DescribeImages").Sum(c => c.Count) + 6 + regions.Length);
        await localAws.Control.FinishPendingAsync();
        await localAws.Control.ClearFaultsAsync();
        var events = await waiting;

        Assert.Equal(15, events.OfType<OutputEvent>().Count());
        Assert.Empty(events.OfType<ErrorEvent>());
        var after = await localAws.Control.GetCallsAsync();
        var total = 0;
        foreach (var target in targets)
        {
            var region = target.Connection.Region;
            int Count(IReadOnlyList<CallCount> calls) => calls.Where(c => c.Region == region && c.Action == "DescribeImages").Sum(c => c.Count);
            var polls = Count(after) - Count(before);
            // Every poll that saw the region's images pending showed each of them once; the last saw them available.
            foreach (var id in target.ImageIds)
                Assert.Equal(polls - 1, events.OfType<ProgressEvent>().Count(p => !p.Completed && p.Status.StartsWith(id + " ", StringComparison.Ordinal)));
            total += polls;
        }
        // One DescribeImages per region per poll, however many images: 6 answered polls plus the 3 held ones.
        Assert.Equal(6 + regions.Length, total);
    }

    [Fact]
    public async Task ARegionThatCannotBePolledDoesNotEndTheWaitForTheOthers()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 0.5 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var east = await CreateImagesAsync(factory, "us-east-1", 2);
        var west = await CreateImagesAsync(factory, "eu-west-3", 1);
        await localAws.Control.SetFaultsAsync(new FaultSettings { UnavailableRegions = ["eu-west-3"] });
        try
        {
            // An outage is retried until the timeout (a poll is a read), then reported for that region's images only.
            var threeSeconds = new WaitPolicy(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300));
            var events = await LocalAwsFixture.CollectAsync((stream, token) => new ImageWaiter(factory).WaitAndReportAsync(
                [new WaitTarget(localAws.Connection(factory, "us-east-1"), east), new WaitTarget(localAws.Connection(factory, "eu-west-3"), west)],
                "available", threeSeconds, stream, token));
            Assert.Equal(2, events.OfType<OutputEvent>().Count());
            var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
            Assert.Equal(west[0], error.Target);
            Assert.Equal("AwsServiceUnavailable", error.ErrorId);
            Assert.Contains("Wait-Ami -ImageId " + west[0] + " -Region eu-west-3", error.Message);
            Assert.True(await localAws.Control.CountCallsAsync("DescribeImages", region: "eu-west-3") > 3, "the failing poll should have been retried");
        }
        finally { await localAws.Control.ClearFaultsAsync(); }
    }

    [Fact]
    public async Task AnUnknownIdIsNotFoundAtOnceButANewImageGetsAGraceTime()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var target = new WaitTarget(localAws.Connection(factory), ["ami-0123456789abcdef0"]);
        var report = await new ImageWaiter(factory).WaitAsync([target], "available", Every300Ms, new EngineEventStream(), CancellationToken.None);
        Assert.Single(report.Missing);
        // At once: the first poll settles it.
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages"));

        var graced = new WaitPolicy(TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)).ForNewImages();
        var clock = Stopwatch.StartNew();
        var newImage = await new ImageWaiter(factory).WaitAsync([target], "available", graced, new EngineEventStream(), CancellationToken.None);
        Assert.Single(newImage.TimedOut);
        Assert.Empty(newImage.Missing);
        // A lower bound only: the wait cannot time out before its timeout, however busy the machine.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4));
    }

    [Fact]
    public async Task AFailedImageIsReportedWithItsReasonAndCanBeCleanedUp()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetFaultsAsync(new FaultSettings { FailNextImages = new Dictionary<string, int> { ["us-east-1"] = 1 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var id = (await CreateImagesAsync(factory, "us-east-1", 1))[0];
        using var events = new EngineEventStream();
        var report = await new ImageWaiter(factory).WaitAsync([new WaitTarget(connection, [id])], "available", Every300Ms, events, CancellationToken.None);
        var failed = Assert.Single(report.Failed);
        Assert.False(string.IsNullOrEmpty(failed.StateReason));
        var error = ImageWaiter.CreationFailed(failed);
        Assert.Equal("AmiCreationFailed", error.ErrorId);
        Assert.Contains(failed.StateReason!, error.Message);

        await new GoldenImageCapture(factory).CleanUpFailedAsync(connection, failed, events, CancellationToken.None);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeregisterImage"));
        var left = await factory.Ec2(connection).DescribeSnapshotsAsync(new Amazon.EC2.Model.DescribeSnapshotsRequest { OwnerIds = ["self"] });
        Assert.Empty(left.Snapshots ?? []);
        await localAws.Control.ClearFaultsAsync();
    }

    [Fact]
    public async Task ATimeoutSaysTheImageKeepsBuildingAndHowToResume()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 60 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var id = (await CreateImagesAsync(factory, "us-east-1", 1))[0];
        using var events = new EngineEventStream();
        var policy = new WaitPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
        var report = await new ImageWaiter(factory).WaitAndReportAsync([new WaitTarget(localAws.Connection(factory), [id])], "available", policy, events, CancellationToken.None);
        var timedOut = Assert.Single(report.TimedOut);
        Assert.Equal("pending", timedOut.LastState);
        var message = ImageWaiter.TimedOut(timedOut, policy).Message;
        Assert.Contains("keeps building", message);
        Assert.Contains($"Wait-Ami -ImageId {id} -Region us-east-1", message);
    }

    [Fact]
    public async Task CancellingEndsThePauseBetweenPollsAndKnowsWhatIsStillBuilding()
    {
        await localAws.Control.ResetAsync();
        await PendingUntilReleasedAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var id = (await CreateImagesAsync(factory, "us-east-1", 1))[0];
        var polls = await localAws.Control.CountCallsAsync("DescribeImages");
        using var events = new EngineEventStream();
        using var cancel = new CancellationTokenSource();
        // Ten minutes between polls: only a cancelled pause ends the wait before the guard below.
        var slow = new WaitPolicy(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        var wait = new ImageWaiter(factory).WaitAsync([new WaitTarget(localAws.Connection(factory), [id])], "available", slow, events, cancel.Token);
        await localAws.Control.WaitForCallsAsync("DescribeImages", polls + 1);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromMinutes(1)));
        events.Complete();
        var report = events.Consume(CancellationToken.None).OfType<WaitStartedEvent>().Single().Report;
        Assert.Equal(id, Assert.Single(report.StillWaiting).ImageId);
    }

    [Fact]
    public async Task APollStillThrottledAfterTheSdkRetriesIsRetriedWithinTheTimeout()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 0.5 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var ids = await CreateImagesAsync(factory, "us-east-1", 2);
        // The fixture's clients make 3 attempts per call: 8 throttled answers defeat the SDK's retries of two polls.
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", NextN = 8 } });
        try
        {
            var events = await LocalAwsFixture.CollectAsync((stream, token) => new ImageWaiter(factory).WaitAndReportAsync(
                [new WaitTarget(localAws.Connection(factory), ids)], "available", Every300Ms, stream, token));

            Assert.Empty(events.OfType<ErrorEvent>());
            Assert.Equal(ids.Order(), events.OfType<OutputEvent>().Select(e => ((Ami)e.Item).ImageId).Order());
            Assert.All(events.OfType<OutputEvent>(), e => Assert.Equal("available", ((Ami)e.Item).State));
            Assert.True(await localAws.Control.CountCallsAsync("DescribeImages") > 8, "the fault should have throttled the first polls");
        }
        finally { await localAws.Control.ClearFaultsAsync(); }
    }

    [Fact]
    public async Task PollsSurviveHeavyRandomThrottling()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["*"] = 1 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var ids = await CreateImagesAsync(factory, "eu-west-1", 3);
        // 90% throttled with a fixed seed: the same sequence every run, several polls lost to throttling.
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", Fraction = 0.9, Seed = 3 } });
        try
        {
            var events = await LocalAwsFixture.CollectAsync((stream, token) => new ImageWaiter(factory).WaitAndReportAsync(
                [new WaitTarget(localAws.Connection(factory, "eu-west-1"), ids)], "available", Every300Ms, stream, token));
            Assert.Empty(events.OfType<ErrorEvent>());
            Assert.Equal(3, events.OfType<OutputEvent>().Count());
        }
        finally { await localAws.Control.ClearFaultsAsync(); }
    }

    [Theory]
    [InlineData("RequestLimitExceeded", 503, true)]
    [InlineData("Throttling", 400, true)]
    [InlineData("Unavailable", 503, true)]
    [InlineData("InternalError", 500, true)]
    [InlineData("SomethingNew", 502, true)]
    [InlineData("AuthFailure", 401, false)]
    [InlineData("UnauthorizedOperation", 403, false)]
    [InlineData("ExpiredToken", 400, false)]
    [InlineData("InvalidAMIID.Malformed", 400, false)]
    public void APollRetriesWhatPassesAndNotWhoYouAre(string code, int status, bool transient)
    {
        var exception = new Amazon.EC2.AmazonEC2Exception("x", Amazon.Runtime.ErrorType.Sender, code, "r", (System.Net.HttpStatusCode)status);
        Assert.Equal(transient, Errors.AwsErrorMap.IsTransient(Errors.AwsErrorMap.Translate(exception, "us-east-1")));
    }

    [Fact]
    public void TimeoutsAndLostConnectionsOfAPollAreTransient()
    {
        Assert.True(Errors.AwsErrorMap.IsTransient(Errors.AwsErrorMap.Translate(new TaskCanceledException("HTTP timeout"), "us-east-1")));
        Assert.True(Errors.AwsErrorMap.IsTransient(Errors.AwsErrorMap.Translate(new System.Net.Http.HttpRequestException("reset"), "us-east-1")));
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersIsReportedAtOnceNotWaitedOut()
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var unreachable = factory.Resolver.Resolve(new ConnectionSettings
        {
            Region = "us-east-1",
            Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            EndpointUrl = "http://127.0.0.1:9",
            MaxAttempts = 1,
        }, null);
        var tenMinutes = new WaitPolicy(TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
        // Were the first failure retried, the wait would last ten minutes: the token turns that into a failure, not a hang.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => new ImageWaiter(factory).WaitAsync(
            [new WaitTarget(unreachable, ["ami-0123456789abcdef0"])], "available", tenMinutes, new EngineEventStream(), guard.Token));
        Assert.Equal("AwsConnectionFailed", error.ErrorId);
    }
}
