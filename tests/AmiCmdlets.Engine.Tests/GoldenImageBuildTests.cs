using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Building;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Invoke-GoldenAmiBuild's engine against LocalAws: launch, provision, capture, and never a build instance left behind.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class GoldenImageBuildTests(LocalAwsFixture localAws)
{
    private const string Script = "#!/bin/bash\necho 'installing nginx'\ndnf install -y nginx\necho 'nginx ready'\nshutdown -h now\n";
    private static readonly WaitPolicy QuickPolicy = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));

    private async Task<(AwsClientFactory Factory, ResolvedConnection Connection, BuildRequest Request)> SetUpAsync(string name = "web-{timestamp}")
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var baseImage = (await factory.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest { Owners = ["amazon"], Filters = [new Filter("name", ["al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64"])] })).Images.Single();
        return (factory, connection, new BuildRequest
        {
            SourceImageId = baseImage.ImageId,
            InstanceType = "t3.micro",
            UserData = Script,
            NameTemplate = name,
            Tags = new Dictionary<string, string> { ["Role"] = "web" },
        });
    }

    private static async Task<List<EngineEvent>> BuildAsync(AwsClientFactory factory, ResolvedConnection connection, BuildRequest request,
        WaitPolicy? policy = null, CancellationToken cancellationToken = default)
    {
        var build = new GoldenImageBuild(factory);
        var plan = await build.PlanAsync(connection, request, cancellationToken);
        using var events = new EngineEventStream();
        try { await build.RunAsync(connection, plan, policy ?? QuickPolicy, events, cancellationToken); }
        finally { events.Complete(); }
        return events.Consume(CancellationToken.None).ToList();
    }

    private static async Task<List<Instance>> BuildInstancesAsync(AwsClientFactory factory, ResolvedConnection connection) =>
        (await factory.Ec2(connection).DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag-key", [BuildTags.BuildIdKey])] }))
            .Reservations.SelectMany(r => r.Instances).ToList();

    [Fact]
    public async Task ABuildEndsWithAnAvailableTaggedImageItsConsoleAsVerboseAndNoBuildInstanceLeft()
    {
        var (factory, connection, request) = await SetUpAsync();
        var events = await BuildAsync(factory, connection, request);

        var image = Assert.IsType<Ami>(Assert.Single(events.OfType<OutputEvent>()).Item);
        Assert.Equal("available", image.State);
        Assert.Equal("web", image.Tags["Role"]);
        Assert.Equal(BuildRules.BuildId(request), image.Tags[BuildTags.BuildIdKey]);
        var verbose = events.OfType<VerboseEvent>().Select(v => v.Message).ToList();
        Assert.Contains(verbose, m => m.EndsWith(": installing nginx", StringComparison.Ordinal));
        Assert.Contains(verbose, m => m.EndsWith(": nginx ready", StringComparison.Ordinal));
        Assert.Contains(events.OfType<ProgressEvent>(), p => p.Status.StartsWith("Capturing", StringComparison.Ordinal));

        var instance = Assert.Single(await BuildInstancesAsync(factory, connection));
        Assert.Equal("terminated", instance.State.Name.Value);
        Assert.Equal(HttpTokensState.Required, instance.MetadataOptions.HttpTokens);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("RunInstances"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("TerminateInstances"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task TheRootVolumeIsSizedAndEncryptedAsAskedAndTheInstanceLaunchedWithTheGivenNetwork()
    {
        var (factory, connection, request) = await SetUpAsync();
        request.RootVolumeSizeGiB = 20;
        request.RootVolumeType = "gp3";
        request.Encrypted = true;
        request.SubnetId = "subnet-0123456789abcdef0";
        request.SecurityGroupIds = ["sg-0123456789abcdef0"];
        request.IamInstanceProfile = "builder";
        var image = Assert.IsType<Ami>(Assert.Single((await BuildAsync(factory, connection, request)).OfType<OutputEvent>()).Item);
        var root = (await factory.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [image.ImageId] })).Images.Single().BlockDeviceMappings.First(m => m.Ebs != null);
        Assert.Equal(20, root.Ebs.VolumeSize);
        Assert.True(root.Ebs.Encrypted);
        var instance = Assert.Single(await BuildInstancesAsync(factory, connection));
        Assert.Equal("terminated", instance.State.Name.Value);
        Assert.EndsWith(":instance-profile/builder", instance.IamInstanceProfile.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingProvisionReportsItsLastLinesAndTerminatesTheInstanceBeforeAnyCapture()
    {
        var (factory, connection, request) = await SetUpAsync();
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour
        {
            TagKey = BuildTags.BuildIdKey, Outcome = "fail", Seconds = 0, Lines = ["step 1 ok", "step 2 ok"], FailLine = "BUILD FAILED: dnf exited 1",
        });
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => BuildAsync(factory, connection, request));
        Assert.Equal("BuildProvisioningFailed", error.ErrorId);
        Assert.Contains("step 2 ok", error.Message);
        Assert.Contains("BUILD FAILED: dnf exited 1", error.Message);
        Assert.Equal("terminated", Assert.Single(await BuildInstancesAsync(factory, connection)).State.Name.Value);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task AnInstanceThatTerminatesItselfIsAFailure()
    {
        var (factory, connection, request) = await SetUpAsync();
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = BuildTags.BuildIdKey, Outcome = "terminate", Seconds = 0 });
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => BuildAsync(factory, connection, request));
        Assert.Equal("BuildProvisioningFailed", error.ErrorId);
        Assert.Contains("terminated itself", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task ATimeoutReportsTheLastLinesAndTerminatesTheInstance_KeepOnFailureKeepsIt()
    {
        var (factory, connection, request) = await SetUpAsync();
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = BuildTags.BuildIdKey, Outcome = "never", Lines = ["waiting for a lock"], Seconds = 0 });
        var shortWait = new WaitPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => BuildAsync(factory, connection, request, shortWait));
        Assert.Equal("BuildTimeout", error.ErrorId);
        Assert.Contains("waiting for a lock", error.Message);
        Assert.Equal("terminated", Assert.Single(await BuildInstancesAsync(factory, connection)).State.Name.Value);

        request.KeepOnFailure = true;
        var build = new GoldenImageBuild(factory);
        var plan = await build.PlanAsync(connection, request, CancellationToken.None);
        using var events = new EngineEventStream();
        await Assert.ThrowsAsync<AmiOperationException>(() => build.RunAsync(connection, plan, shortWait, events, CancellationToken.None));
        events.Complete();
        var warning = Assert.Single(events.Consume(CancellationToken.None).OfType<WarningEvent>());
        Assert.Contains("-KeepOnFailure", warning.Message);
        Assert.Single(await BuildInstancesAsync(factory, connection), i => i.State.Name.Value == "running");
    }

    [Fact]
    public async Task CancellingMidProvisioningStillTerminatesTheInstance()
    {
        var (factory, connection, request) = await SetUpAsync();
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = BuildTags.BuildIdKey, Outcome = "never", Seconds = 0 });
        using var stop = new CancellationTokenSource();
        var running = BuildAsync(factory, connection, request, QuickPolicy, stop.Token);
        await localAws.Control.WaitForCallsAsync("GetConsoleOutput", 2);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal("terminated", Assert.Single(await BuildInstancesAsync(factory, connection)).State.Name.Value);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task AReRunTerminatesARunningLeftoverOfTheSameBuildAndBuildsAgain()
    {
        var (factory, connection, request) = await SetUpAsync();
        // What a killed run leaves: a build instance of this build, still provisioning.
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour { TagKey = BuildTags.BuildIdKey, Outcome = "never" });
        var leftover = await LaunchLeftoverAsync(factory, connection, request);
        await localAws.Control.SetProvisioningAsync(new ProvisioningBehaviour { Clear = true });

        var plan = await new GoldenImageBuild(factory).PlanAsync(connection, request, CancellationToken.None);
        Assert.Equal([leftover], plan.Leftovers.Select(l => l.InstanceId));
        Assert.Null(plan.Resume);
        var events = await BuildAsync(factory, connection, request);
        Assert.Single(events.OfType<OutputEvent>());
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.Contains(leftover, StringComparison.Ordinal));
        Assert.All(await BuildInstancesAsync(factory, connection), i => Assert.Equal("terminated", i.State.Name.Value));
    }

    [Fact]
    public async Task AReRunResumesTheCaptureOfALeftoverItsScriptAlreadyStopped()
    {
        var (factory, connection, request) = await SetUpAsync();
        var leftover = await LaunchLeftoverAsync(factory, connection, request);
        var runsBefore = await localAws.Control.CountCallsAsync("RunInstances");

        var events = await BuildAsync(factory, connection, request);
        var image = Assert.IsType<Ami>(Assert.Single(events.OfType<OutputEvent>()).Item);
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.StartsWith("Resuming", StringComparison.Ordinal));
        Assert.Equal(runsBefore, await localAws.Control.CountCallsAsync("RunInstances"));
        var described = (await factory.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [image.ImageId] })).Images.Single();
        Assert.Equal(leftover, described.SourceInstanceId);
        Assert.Equal("terminated", Assert.Single(await BuildInstancesAsync(factory, connection)).State.Name.Value);
    }

    [Fact]
    public async Task PlanningMakesNoMutatingCallAndBadInputFailsBeforeAnyCall()
    {
        var (factory, connection, request) = await SetUpAsync();
        var plan = await new GoldenImageBuild(factory).PlanAsync(connection, request, CancellationToken.None);
        Assert.Contains("launch a t3.micro build instance", plan.Summary);
        Assert.Equal(0, (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count));

        await localAws.Control.ResetAsync();
        request.UserData = new string('x', 16 * 1024 + 1);
        Assert.Equal("UserDataTooLarge", (await Assert.ThrowsAsync<AmiOperationException>(() => new GoldenImageBuild(factory).PlanAsync(connection, request, CancellationToken.None))).ErrorId);
        request.UserData = Script;
        request.InstanceType = "large";
        Assert.Equal("InvalidInstanceType", (await Assert.ThrowsAsync<AmiOperationException>(() => new GoldenImageBuild(factory).PlanAsync(connection, request, CancellationToken.None))).ErrorId);
        request.InstanceType = "t3.micro";
        request.SecurityGroupIds = ["default"];
        Assert.Equal("InvalidNetworkId", (await Assert.ThrowsAsync<AmiOperationException>(() => new GoldenImageBuild(factory).PlanAsync(connection, request, CancellationToken.None))).ErrorId);
        Assert.Empty(await localAws.Control.GetCallsAsync());
    }

    [Fact]
    public async Task AThrottledPollIsMadeAgainNotAFailedBuild()
    {
        var (factory, connection, request) = await SetUpAsync();
        // More throttled answers than the SDK's 3 attempts: the first poll fails even after its retries.
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "GetConsoleOutput", NextN = 4 } });
        try
        {
            var events = await BuildAsync(factory, connection, request);
            Assert.Single(events.OfType<OutputEvent>());
            Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains("AwsThrottled", StringComparison.Ordinal));
        }
        finally { await localAws.Control.ClearFaultsAsync(); }
        Assert.All(await BuildInstancesAsync(factory, connection), i => Assert.Equal("terminated", i.State.Name.Value));
    }

    [Fact]
    public void TheConsoleTailReturnsOnlyNewCompleteLinesEvenWhenTheConsoleRolls()
    {
        var tail = new ConsoleTail(keep: 2);
        Assert.Equal(["a", "b"], tail.Add("a\nb\npart"));
        Assert.Equal(["partial", "c"], tail.Add("a\nb\npartial\nc\n"));
        // Only the last 64 KB: the start is gone, the last seen line is still there.
        Assert.Equal(["d"], tail.Add("partial\nc\nd\n"));
        Assert.Equal(["c", "d"], tail.LastLines);
    }

    private static async Task<string> LaunchLeftoverAsync(AwsClientFactory factory, ResolvedConnection connection, BuildRequest request)
    {
        var response = await factory.Ec2(connection).RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = request.SourceImageId, InstanceType = "t3.micro", MinCount = 1, MaxCount = 1,
            UserData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(request.UserData)),
            TagSpecifications = [new TagSpecification { ResourceType = "instance", Tags = [new Tag(BuildTags.BuildIdKey, BuildRules.BuildId(request))] }],
        });
        return response.Reservation.Instances.Single().InstanceId;
    }
}
