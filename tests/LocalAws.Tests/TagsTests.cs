using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class TagsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public TagsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Tags_on_images_snapshots_instances_and_volumes()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "tagged" } }, Instances = new[] { new SeedInstance() } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var ids = new List<string> { seeded.ImageIds[0], seeded.SnapshotIds[0], seeded.InstanceIds[0], seeded.VolumeIds[0] };
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ids, Tags = new() { new Tag("Team", "core"), new Tag("Keep", "yes") } });

        var all = await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = new() { new Filter("key", new() { "Team" }) } });
        Assert.Equal(new[] { "image", "instance", "snapshot", "volume" }, all.Tags.Select(t => t.ResourceType.Value).OrderBy(t => t));
        var images = await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = new() { new Filter("resource-type", new() { "image" }) } });
        Assert.Equal(2, images.Tags.Count);
        Assert.All(images.Tags, t => Assert.Equal(seeded.ImageIds[0], t.ResourceId));
        Assert.Equal("core", (await Ec2Helpers.ImageAsync(ec2, seeded.ImageIds[0])).Tags.Single(t => t.Key == "Team").Value);

        await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = ids, Tags = new() { new Tag { Key = "Keep", Value = "no" } } }); // value mismatch: kept
        Assert.Equal(4, (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = new() { new Filter("key", new() { "Keep" }) } })).Tags.Count);
        await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = ids, Tags = new() { new Tag { Key = "Keep" } } });
        Assert.Null((await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = new() { new Filter("key", new() { "Keep" }) } })).Tags);

        var paged = new List<TagDescription>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeTagsAsync(new DescribeTagsRequest { MaxResults = 5, NextToken = token });
            paged.AddRange(page.Tags ?? new List<TagDescription>());
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(4, paged.Count);

        await Ec2Helpers.FailsAsync(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = new() { "ami-0123456789abcdef0" }, Tags = new() { new Tag("a", "b") } }), "InvalidAMIID.NotFound");
        await Ec2Helpers.FailsAsync(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = new() { seeded.ImageIds[0] }, Tags = new() { new Tag("aws:x", "b") } }), "InvalidParameterValue");
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.CreateTagsAsync(new CreateTagsRequest { Resources = new() { seeded.SnapshotIds[0] }, Tags = new() { new Tag("a", "b") } }), "InvalidSnapshot.NotFound");
    }
}
