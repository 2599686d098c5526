using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>
/// AWS (DescribeImages): "Recently deregistered images appear in the returned results for a short interval and
/// then return empty results. After all instances that reference a deregistered AMI are terminated, specifying
/// the ID of the image will eventually return an error indicating that the AMI ID cannot be found."
/// Each phase is driven through the control plane (deregisteredVisibleSeconds) and the instances that use it.
/// </summary>
public sealed class DeregisteredImagesTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public DeregisteredImagesTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(string ImageId, string InstanceId)> DeregisteredWithRunningInstance(IAmazonEC2 ec2)
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "web-1", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } } });
        var imageId = seeded.ImageIds[0];
        var instance = await Ec2Helpers.LaunchAsync(ec2, imageId);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        return (imageId, instance.InstanceId);
    }

    private static Task<DescribeImagesResponse> ById(IAmazonEC2 ec2, string imageId) =>
        ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } });

    private static Task<DescribeImagesResponse> ByFilter(IAmazonEC2 ec2, string imageId) =>
        ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("image-id", new() { imageId }) } });

    private static async Task<List<Image>> Owned(IAmazonEC2 ec2) =>
        (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images ?? new List<Image>();

    [Fact]
    public async Task Recently_deregistered_images_are_listed_with_state_deregistered()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        var (imageId, _) = await DeregisteredWithRunningInstance(ec2);

        Assert.Equal(ImageState.Deregistered, Assert.Single((await ById(ec2, imageId)).Images).State);
        Assert.Equal(ImageState.Deregistered, Assert.Single((await ByFilter(ec2, imageId)).Images).State);
        Assert.Equal(imageId, Assert.Single(await Owned(ec2)).ImageId);
        var byState = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, Filters = new() { new Filter("state", new() { "deregistered" }) } });
        Assert.Equal(imageId, Assert.Single(byState.Images).ImageId);
        // The account it was shared with sees it the same way; its owner can no longer act on it.
        Assert.Equal(ImageState.Deregistered, Assert.Single((await ById(b, imageId)).Images).State);
        await Ec2Helpers.FailsAsync(() => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId }), "InvalidAMIID.Unavailable");
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, imageId), "InvalidAMIID.Unavailable");
    }

    [Fact]
    public async Task After_the_interval_an_image_that_an_instance_still_uses_gives_empty_results_then_NotFound_once_it_is_terminated()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var (imageId, instanceId) = await DeregisteredWithRunningInstance(ec2);
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["*"] = 0 } });

        Assert.Null((await ById(ec2, imageId)).Images);
        Assert.Null((await ByFilter(ec2, imageId)).Images);
        Assert.Empty(await Owned(ec2));
        // One gone id among live ones does not fail the call while an instance still references it.
        var baseImage = await Ec2Helpers.BaseImageIdAsync(ec2);
        var mixed = await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId, baseImage } });
        Assert.Equal(baseImage, Assert.Single(mixed.Images).ImageId);

        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = new() { instanceId } });
        var notFound = await Ec2Helpers.FailsAsync(() => ById(ec2, imageId), "InvalidAMIID.NotFound");
        Assert.Contains(imageId, notFound.Message, StringComparison.Ordinal);
        Assert.Null((await ByFilter(ec2, imageId)).Images);
    }

    [Fact]
    public async Task Without_instances_an_image_is_NotFound_as_soon_as_the_interval_is_over()
    {
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["*"] = 0 } });
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "unused" } } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });
        await Ec2Helpers.FailsAsync(() => ById(ec2, seeded.ImageIds[0]), "InvalidAMIID.NotFound");

        // The interval is per region and read at every request: a longer one brings the image back into view.
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["us-east-1"] = 60 } });
        Assert.Equal(ImageState.Deregistered, Assert.Single((await ById(ec2, seeded.ImageIds[0])).Images).State);
    }
}
