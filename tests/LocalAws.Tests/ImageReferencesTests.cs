using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class ImageReferencesTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public ImageReferencesTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Instances_and_launch_templates_reference_images()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "used" }, new SeedImage { Name = "unused" }, new SeedImage { Name = "gone" } } });
        var (used, unused, gone) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.ImageIds[2]);
        var more = await _aws.Control.SeedAsync(new SeedRequest
        {
            Instances = new[] { new SeedInstance { ImageId = used, State = "stopped" }, new SeedInstance { ImageId = gone, State = "terminated" } },
            LaunchTemplates = new[] { new SeedLaunchTemplate { Name = "lt", ImageId = used } },
        });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);

        var all = await ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest { ImageIds = new() { used, unused, gone }, IncludeAllResourceTypes = true });
        // AWS's default for state-name is every state: the terminated instance counts until it drops out.
        Assert.Equal(3, all.ImageReferences.Count);
        Assert.Equal($"arn:aws:ec2:us-east-1:{LocalAwsAccounts.DefaultAccount}:instance/{more.InstanceIds[1]}", all.ImageReferences.Single(r => r.ImageId == gone).Arn);
        all.ImageReferences.RemoveAll(r => r.ImageId == gone);
        Assert.All(all.ImageReferences, r => Assert.Equal(used, r.ImageId));
        var instance = all.ImageReferences.Single(r => r.ResourceType == ImageReferenceResourceType.Ec2Instance);
        Assert.Equal($"arn:aws:ec2:us-east-1:{LocalAwsAccounts.DefaultAccount}:instance/{more.InstanceIds[0]}", instance.Arn);
        var template = all.ImageReferences.Single(r => r.ResourceType == ImageReferenceResourceType.Ec2LaunchTemplate);
        Assert.Equal($"arn:aws:ec2:us-east-1:{LocalAwsAccounts.DefaultAccount}:launch-template/{more.LaunchTemplateIds[0]}", template.Arn);

        var onlyInstances = await ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest
        {
            ImageIds = new() { used }, ResourceTypes = new() { new ResourceTypeRequest { ResourceType = ImageReferenceResourceType.Ec2Instance } },
        });
        Assert.Equal(ImageReferenceResourceType.Ec2Instance, Assert.Single(onlyInstances.ImageReferences).ResourceType);
        var running = await ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest
        {
            ImageIds = new() { used },
            ResourceTypes = new()
            {
                new ResourceTypeRequest
                {
                    ResourceType = ImageReferenceResourceType.Ec2Instance,
                    ResourceTypeOptions = new() { new ResourceTypeOption { OptionName = ImageReferenceOptionName.StateName, OptionValues = new() { "running" } } },
                },
            },
        });
        Assert.Null(running.ImageReferences);

        await Ec2Helpers.FailsAsync(() => ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest { ImageIds = new() { used } }), "MissingParameter");
        var eleven = Enumerable.Range(0, 11).Select(i => $"ami-{i:x17}").ToList();
        await Ec2Helpers.FailsAsync(() => ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest { ImageIds = eleven, IncludeAllResourceTypes = true }), "InvalidParameterValue");
    }

    [Fact]
    public async Task Launch_templates_are_checked_ten_versions_deep_unless_the_caller_asks_for_more()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "first" }, new SeedImage { Name = "pinned" }, new SeedImage { Name = "later" } } });
        var (first, pinned, later) = (seeded.ImageIds[0], seeded.ImageIds[1], seeded.ImageIds[2]);
        var template = (await _aws.Control.SeedAsync(new SeedRequest { LaunchTemplates = new[] { new SeedLaunchTemplate { Name = "deep", ImageId = first } } })).LaunchTemplateIds[0];
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        // Version 2 uses "pinned"; versions 3..12 use "later": version 1 is 12th newest, version 2 the 11th.
        await ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest { LaunchTemplateId = template, LaunchTemplateData = new RequestLaunchTemplateData { ImageId = pinned } });
        for (var i = 0; i < 10; i++)
            await ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest { LaunchTemplateId = template, LaunchTemplateData = new RequestLaunchTemplateData { ImageId = later } });

        var byDefault = await ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest { ImageIds = new() { first, pinned, later }, IncludeAllResourceTypes = true });
        Assert.Equal(new[] { later }, byDefault.ImageReferences.Select(r => r.ImageId));

        var deeper = await ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest
        {
            ImageIds = new() { first, pinned, later },
            IncludeAllResourceTypes = true,
            ResourceTypes = new()
            {
                new ResourceTypeRequest
                {
                    ResourceType = ImageReferenceResourceType.Ec2LaunchTemplate,
                    ResourceTypeOptions = new() { new ResourceTypeOption { OptionName = ImageReferenceOptionName.VersionDepth, OptionValues = new() { "11" } } },
                },
            },
        });
        Assert.Equal(new[] { later, pinned }.Order(), deeper.ImageReferences.Select(r => r.ImageId).Order());

        await Ec2Helpers.FailsAsync(() => ec2.DescribeImageReferencesAsync(new DescribeImageReferencesRequest
        {
            ImageIds = new() { first },
            ResourceTypes = new()
            {
                new ResourceTypeRequest
                {
                    ResourceType = ImageReferenceResourceType.Ec2LaunchTemplate,
                    ResourceTypeOptions = new() { new ResourceTypeOption { OptionName = ImageReferenceOptionName.VersionDepth, OptionValues = new() { "10001" } } },
                },
            },
        }), "InvalidParameterValue");
    }
}
