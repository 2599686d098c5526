using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class LaunchTemplatesTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public LaunchTemplatesTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Templates_and_versions_can_be_found_by_image_id()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "old" }, new SeedImage { Name = "new" } } });
        var (oldImage, newImage) = (seeded.ImageIds[0], seeded.ImageIds[1]);
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var web = await ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "web", VersionDescription = "first",
            LaunchTemplateData = new RequestLaunchTemplateData { ImageId = oldImage, InstanceType = InstanceType.T3Micro },
        });
        Assert.StartsWith("lt-", web.LaunchTemplate.LaunchTemplateId, StringComparison.Ordinal);
        Assert.Equal(1, web.LaunchTemplate.DefaultVersionNumber);
        var v2 = await ec2.CreateLaunchTemplateVersionAsync(new CreateLaunchTemplateVersionRequest
        {
            LaunchTemplateName = "web", SourceVersion = "1", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = newImage },
        });
        Assert.Equal(2, v2.LaunchTemplateVersion.VersionNumber);
        Assert.Equal(InstanceType.T3Micro, v2.LaunchTemplateVersion.LaunchTemplateData.InstanceType); // copied from the source version
        await ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest { LaunchTemplateName = "dbs", LaunchTemplateData = new RequestLaunchTemplateData { ImageId = oldImage } });
        await _aws.Control.SeedAsync(new SeedRequest { LaunchTemplates = new[] { new SeedLaunchTemplate { Name = "seeded", ImageId = newImage } } });

        // Without an id or name, AWS describes only $Latest/$Default versions across templates.
        var usingOld = await ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest
        {
            Versions = new() { "$Latest", "$Default" }, Filters = new() { new Filter("image-id", new() { oldImage }) },
        });
        Assert.Equal(new[] { "dbs/1", "web/1" }, usingOld.LaunchTemplateVersions.Select(v => $"{v.LaunchTemplateName}/{v.VersionNumber}").OrderBy(s => s));
        var usingNew = await ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest
        {
            Versions = new() { "$Latest" }, Filters = new() { new Filter("image-id", new() { newImage }) },
        });
        Assert.Equal(new[] { "seeded", "web" }, usingNew.LaunchTemplateVersions.Select(v => v.LaunchTemplateName).OrderBy(s => s));
        await Ec2Helpers.FailsAsync(() => ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest { Versions = new() { "1" } }), "MissingParameter");

        var allOfWeb = await ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest { LaunchTemplateId = web.LaunchTemplate.LaunchTemplateId });
        Assert.Equal(new long?[] { 1, 2 }, allOfWeb.LaunchTemplateVersions.Select(v => v.VersionNumber).OrderBy(n => n));
        var templates = await ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest());
        Assert.Equal(3, templates.LaunchTemplates.Count);
        Assert.Equal(2, templates.LaunchTemplates.Single(t => t.LaunchTemplateName == "web").LatestVersionNumber);

        await Ec2Helpers.FailsAsync(() => ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest { LaunchTemplateName = "web", LaunchTemplateData = new RequestLaunchTemplateData() }), "InvalidLaunchTemplateName.AlreadyExistsException");
        await Ec2Helpers.FailsAsync(() => ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest { LaunchTemplateName = "nope" }), "InvalidLaunchTemplateName.NotFoundException");
        await Ec2Helpers.FailsAsync(() => ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest { LaunchTemplateId = "lt-0123456789abcdef0" }), "InvalidLaunchTemplateId.NotFound");

        // RunInstances through the template's default version.
        var run = await ec2.RunInstancesAsync(new RunInstancesRequest { MinCount = 1, MaxCount = 1, LaunchTemplate = new LaunchTemplateSpecification { LaunchTemplateName = "web" } });
        Assert.Equal(oldImage, run.Reservation.Instances.Single().ImageId);
    }
}
