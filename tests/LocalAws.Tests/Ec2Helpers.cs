using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace LocalAws.Tests;

/// <summary>Small SDK-level helpers shared by the EC2 test classes.</summary>
internal static class Ec2Helpers
{
    public const string Al2023Name = "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64";

    public static async Task<string> BaseImageIdAsync(IAmazonEC2 ec2, string name = Al2023Name, string owner = "amazon")
    {
        var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { owner }, Filters = new() { new Filter("name", new() { name }) } });
        return images.Images.Single().ImageId;
    }

    public static async Task<Instance> LaunchAsync(IAmazonEC2 ec2, string? imageId = null, List<BlockDeviceMapping>? mappings = null, Dictionary<string, string>? tags = null)
    {
        var request = new RunInstancesRequest
        {
            ImageId = imageId ?? await BaseImageIdAsync(ec2), InstanceType = InstanceType.T3Micro, MinCount = 1, MaxCount = 1,
            BlockDeviceMappings = mappings,
        };
        if (tags is not null)
            request.TagSpecifications = new() { new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags.Select(t => new Tag(t.Key, t.Value)).ToList() } };
        var response = await ec2.RunInstancesAsync(request);
        return response.Reservation.Instances.Single();
    }

    public static async Task<Image> ImageAsync(IAmazonEC2 ec2, string imageId) =>
        (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId }, IncludeDeprecated = true, IncludeDisabled = true })).Images.Single();

    public static async Task<Image> WaitForImageAsync(IAmazonEC2 ec2, string imageId, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var image = await ImageAsync(ec2, imageId);
            if (image.State != ImageState.Pending || DateTime.UtcNow > until) return image;
            await Task.Delay(100);
        }
    }

    /// <summary>An instance with a root and a data volume, imaged into an available AMI; returns the AMI.</summary>
    public static async Task<Image> CreateImageAsync(IAmazonEC2 ec2, string name, bool dataVolume = false)
    {
        var mappings = dataVolume
            ? new List<BlockDeviceMapping> { new() { DeviceName = "/dev/sdf", Ebs = new EbsBlockDevice { VolumeSize = 20 } } }
            : null;
        var instance = await LaunchAsync(ec2, mappings: mappings);
        var created = await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = name });
        return await ImageAsync(ec2, created.ImageId);
    }

    public static async Task<AmazonEC2Exception> FailsAsync(Func<Task> call, string code)
    {
        var e = await Xunit.Assert.ThrowsAsync<AmazonEC2Exception>(call);
        Xunit.Assert.Equal(code, e.ErrorCode);
        return e;
    }
}
