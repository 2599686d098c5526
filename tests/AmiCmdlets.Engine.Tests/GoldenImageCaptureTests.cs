using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Capture;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class GoldenImageCaptureTests(LocalAwsFixture localAws)
{
    private static readonly WaitPolicy QuickPolicy = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));

    private async Task<string> SeedInstanceAsync(string state = "running", string region = "us-east-1")
    {
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = region,
            Instances = [new SeedInstance
            {
                State = state,
                Tags = new Dictionary<string, string> { ["Name"] = "frontend", ["Team"] = "web", ["aws:cloudformation:stack-name"] = "stack" },
                Volumes = [new SeedVolume { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedVolume { DeviceName = "/dev/xvdb", SizeGiB = 50 }],
            }],
        });
        return seeded.InstanceIds[0];
    }

    private static async Task<Ami> CaptureAsync(AwsClientFactory factory, ResolvedConnection connection, CaptureRequest request)
    {
        var capture = new GoldenImageCapture(factory);
        var plan = await capture.PlanAsync(connection, request, CancellationToken.None);
        using var events = new EngineEventStream();
        return await capture.CreateAsync(connection, plan, events, CancellationToken.None);
    }

    [Fact]
    public async Task InstanceTagsPlusGivenTagsOverFiftyAreTooManyTagsBeforeCreateImage()
    {
        await localAws.Control.ResetAsync();
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = "us-east-1",
            Instances = [new SeedInstance { Tags = Enumerable.Range(0, 45).ToDictionary(i => "instance-" + i, i => "v") }],
        });
        var factory = LocalAwsFixture.IsolatedFactory();
        var request = new CaptureRequest
        {
            InstanceId = seeded.InstanceIds[0],
            NameTemplate = "many-tags",
            CopyInstanceTags = true,
            Tags = Enumerable.Range(0, 10).ToDictionary(i => "given-" + i, i => "v"),
        };
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => new GoldenImageCapture(factory).PlanAsync(localAws.Connection(factory), request, CancellationToken.None));
        Assert.Equal("TooManyTags", error.ErrorId);
        Assert.Contains("55 tags", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task CapturesATaggedImageInThreeCalls()
    {
        await localAws.Control.ResetAsync();
        var instanceId = await SeedInstanceAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);

        var created = await CaptureAsync(factory, connection, new CaptureRequest
        {
            InstanceId = instanceId,
            NameTemplate = "{name}-{date}",
            Description = "golden web",
            NoReboot = true,
            CopyInstanceTags = true,
            Tags = new Dictionary<string, string> { ["Stage"] = "candidate" },
            SnapshotTags = new Dictionary<string, string> { ["Backup"] = "no" },
        });

        Assert.Equal($"frontend-{DateTime.UtcNow:yyyy-MM-dd}", created.Name);
        Assert.Equal(3, (await localAws.Control.GetCallsAsync()).Sum(c => c.Count));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("CreateImage"));
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateTags"));

        var ec2 = factory.Ec2(connection);
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [created.ImageId] })).Images.Single();
        var imageTags = image.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("candidate", imageTags["Stage"]);
        Assert.Equal("web", imageTags["Team"]);
        Assert.False(imageTags.ContainsKey("aws:cloudformation:stack-name"));
        Assert.False(imageTags.ContainsKey("Backup"));
        Assert.Equal(2, image.BlockDeviceMappings.Count(m => m.Ebs?.SnapshotId != null));

        var snapshots = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = ["self"] })).Snapshots;
        Assert.Equal(2, snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            var tags = snapshot.Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal("no", tags["Backup"]);
            Assert.Equal("candidate", tags["Stage"]);
            Assert.StartsWith($"Created by CreateImage({instanceId}) for {created.ImageId}", snapshot.Description);
        }
    }

    [Fact]
    public async Task ExcludedDevicesAreLeftOut()
    {
        await localAws.Control.ResetAsync();
        var instanceId = await SeedInstanceAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var created = await CaptureAsync(factory, connection, new CaptureRequest { InstanceId = instanceId, NameTemplate = "data-less", ExcludeDevices = ["/dev/xvdb"] });
        var image = (await factory.Ec2(connection).DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [created.ImageId] })).Images.Single();
        Assert.Equal(["/dev/xvda"], image.BlockDeviceMappings.Where(m => m.Ebs != null).Select(m => m.DeviceName));

        var unknown = await Assert.ThrowsAsync<AmiOperationException>(() =>
            new GoldenImageCapture(factory).PlanAsync(connection, new CaptureRequest { InstanceId = instanceId, NameTemplate = "x-1", ExcludeDevices = ["/dev/sdz"] }, CancellationToken.None));
        Assert.Equal("DeviceNotFound", unknown.ErrorId);
    }

    [Theory]
    [InlineData("stopped", null)]
    [InlineData("terminated", "InstanceNotReady")]
    [InlineData("pending", "InstanceNotReady")]
    public async Task OnlyRunningOrStoppedInstancesAreCaptured(string state, string? errorId)
    {
        await localAws.Control.ResetAsync();
        var instanceId = await SeedInstanceAsync(state);
        var factory = LocalAwsFixture.IsolatedFactory();
        var plan = () => new GoldenImageCapture(factory).PlanAsync(localAws.Connection(factory), new CaptureRequest { InstanceId = instanceId, NameTemplate = "web-1" }, CancellationToken.None);
        if (errorId == null)
        {
            var created = await CaptureAsync(factory, localAws.Connection(factory), new CaptureRequest { InstanceId = instanceId, NameTemplate = "web-1" });
            Assert.StartsWith("ami-", created.ImageId);
            return;
        }
        Assert.Equal(errorId, (await Assert.ThrowsAsync<AmiOperationException>(plan)).ErrorId);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }

    [Fact]
    public async Task MissingInstanceAndTakenNameAreRefusedBeforeCreating()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var connection = localAws.Connection(factory);
        var capture = new GoldenImageCapture(factory);
        var missing = await Assert.ThrowsAsync<AmiOperationException>(() => capture.PlanAsync(connection, new CaptureRequest { InstanceId = "i-0123456789abcdef0", NameTemplate = "web-1" }, CancellationToken.None));
        Assert.Equal("InstanceNotFound", missing.ErrorId);

        var holder = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-taken" }] })).ImageIds[0];
        var instanceId = await SeedInstanceAsync();
        var taken = await Assert.ThrowsAsync<AmiOperationException>(() => capture.PlanAsync(connection, new CaptureRequest { InstanceId = instanceId, NameTemplate = "web-taken" }, CancellationToken.None));
        Assert.Equal("AmiNameInUse", taken.ErrorId);
        Assert.Contains(holder, taken.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateImage"));
    }
}
