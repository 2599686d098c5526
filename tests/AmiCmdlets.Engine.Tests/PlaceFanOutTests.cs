using Amazon.EC2;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Tests;

/// <summary>The engine's one fan-out: the shared limit, and the fatal/non-fatal rule every feature relies on. Gates, not time.</summary>
public sealed class PlaceFanOutTests
{
    private static ResolvedConnection Place(string region) =>
        LocalAwsFixture.IsolatedFactory().Resolver.Resolve(new ConnectionSettings
        {
            Region = region,
            Credential = new AccessKeyCredential("AKIDEXAMPLE", "secret"),
            EndpointUrl = "http://127.0.0.1:1",
        }, null);

    private static AmazonEC2Exception AwsError(string code) => new("refused") { ErrorCode = code };

    [Fact]
    public async Task TheLimiterNeverLetsMoreThanItsSlotsIn()
    {
        var limiter = new CallLimiter(3);
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        int inFlight = 0, most = 0, entered = 0;
        using var events = new EngineEventStream();

        var run = PlaceFanOut.ForEachAsync(Enumerable.Range(0, 10), async _ =>
        {
            Interlocked.Increment(ref entered);
            var now = Interlocked.Increment(ref inFlight);
            lock (limiter) most = Math.Max(most, now);
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
        }, i => i.ToString(), i => "item " + i, events, CancellationToken.None, limiter);

        // Everything that can start has started: the rest waits for a slot, not for time.
        Assert.Equal(3, Volatile.Read(ref entered));
        Assert.False(run.IsCompleted);
        gate.SetResult(true);
        await run;
        Assert.Equal(10, entered);
        Assert.Equal(3, most);
    }

    [Fact]
    public async Task NoLimiterLetsMoreCallsInThanTheClientsAllowConnections()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        using var events = new EngineEventStream();

        var run = PlaceFanOut.ForEachAsync(Enumerable.Range(0, CallLimits.MaxInFlight + 10), async _ =>
        {
            Interlocked.Increment(ref entered);
            await gate.Task;
        }, i => i.ToString(), i => "item " + i, events, CancellationToken.None, new CallLimiter(500));

        Assert.Equal(CallLimits.MaxInFlight, Volatile.Read(ref entered));
        gate.SetResult(true);
        await run;
        Assert.Equal(CallLimits.MaxInFlight + 10, entered);
    }

    [Fact]
    public async Task AFatalErrorIsThrownOnlyAfterTheOthersFinish()
    {
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new List<string>();
        using var events = new EngineEventStream();
        var fatal = new AmiOperationException("AwsAuthFailure", AmiErrorCategory.AuthenticationError, null, "who are you");

        var run = PlaceFanOut.ForEachAsync(new[] { "fatal", "slow", "denied" }, async item =>
        {
            if (item == "fatal") throw fatal;
            if (item == "denied") throw AwsError("UnauthorizedOperation");
            await gate.Task;
            lock (finished) finished.Add(item);
        }, i => i, i => "doing " + i, events, CancellationToken.None);

        Assert.False(run.IsCompleted);
        gate.SetResult(true);
        var thrown = await Assert.ThrowsAsync<AmiOperationException>(() => run);
        Assert.Same(fatal, thrown);
        Assert.Equal(["slow"], finished);
        events.Complete();
        var error = Assert.Single(events.Consume(CancellationToken.None).OfType<ErrorEvent>()).Error;
        Assert.Equal("denied", error.Target);
    }

    [Fact]
    public async Task AFailedPlaceIsOneErrorWithThePlaceAsTargetAndTheOthersGoOn()
    {
        var places = new[] { Place("us-east-1"), Place("eu-west-1"), Place("ap-south-1") };
        var done = new List<string>();
        using var events = new EngineEventStream();

        var failed = await PlaceFanOut.ForEachPlaceAsync(places, place =>
        {
            if (place.Region == "eu-west-1") throw AwsError("UnauthorizedOperation");
            lock (done) done.Add(place.Region);
            return Task.CompletedTask;
        }, place => "DescribeImages in " + place.Region, events, CancellationToken.None);

        Assert.Equal(["eu-west-1"], failed.Select(p => p.Region));
        Assert.Equal(["ap-south-1", "us-east-1"], done.Order());
        events.Complete();
        var error = Assert.Single(events.Consume(CancellationToken.None).OfType<ErrorEvent>()).Error;
        Assert.Equal("eu-west-1", error.Target);
        Assert.Equal("PermissionDenied", error.Category.ToString());
        Assert.StartsWith("DescribeImages in eu-west-1: ", error.Message);
    }

    [Fact]
    public async Task ItemsAreGroupedByPlaceAndEachPlaceRunsOnce()
    {
        var east = Place("us-east-1");
        var west = Place("eu-west-1");
        var runs = new List<string>();
        using var events = new EngineEventStream();

        var failed = await PlaceFanOut.ForEachPlaceAsync(new[] { (east, "ami-1"), (west, "ami-2"), (east, "ami-3") }, i => i.Item1, (place, items) =>
        {
            lock (runs) runs.Add(place.Region + ":" + string.Join(",", items.Select(i => i.Item2)));
            return Task.CompletedTask;
        }, place => "in " + place.Region, events, CancellationToken.None);

        Assert.Empty(failed);
        Assert.Equal(["eu-west-1:ami-2", "us-east-1:ami-1,ami-3"], runs.Order());
    }

    [Fact]
    public async Task CancellationIsNotReportedAsAnError()
    {
        using var cancel = new CancellationTokenSource();
        using var events = new EngineEventStream();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PlaceFanOut.ForEachAsync(new[] { "a" }, _ => Task.FromException(new OperationCanceledException()),
            i => i, i => i, events, cancel.Token, new CallLimiter(1)));
        events.Complete();
        Assert.Empty(events.Consume(CancellationToken.None));
    }
}
