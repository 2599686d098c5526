using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class RecycleBinTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public RecycleBinTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Seeded_recycle_bin_images_are_listed_by_id_and_paged()
    {
        await _aws.Control.SeedAsync(new SeedRequest
        {
            RecycleBinImages = new[]
            {
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000a", Name = "web-1", RetainDays = 7 },
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000b", Name = "web-2" },
                new SeedRecycleBinImage { ImageId = "ami-0000000000000000c", Name = "web-3" },
            },
        });
        using var ec2 = _aws.Ec2();
        var first = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { MaxResults = 2 });
        Assert.Equal(2, first.Images.Count);
        Assert.NotNull(first.NextToken);
        var second = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { MaxResults = 2, NextToken = first.NextToken });
        Assert.Equal("ami-0000000000000000c", Assert.Single(second.Images).ImageId);
        Assert.Null(second.NextToken);

        var byId = await ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { ImageIds = new() { "ami-0000000000000000a" } });
        var image = Assert.Single(byId.Images);
        Assert.Equal("web-1", image.Name);
        Assert.True(image.RecycleBinExitTime > image.RecycleBinEnterTime);

        using var otherRegion = _aws.Ec2("eu-west-1");
        Assert.Null((await otherRegion.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest())).Images);

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.ListImagesInRecycleBinAsync(new ListImagesInRecycleBinRequest { ImageIds = new() { "ami-0000000000000000a" }, MaxResults = 5 }));
        Assert.Equal("InvalidParameterCombination", error.ErrorCode);
    }
}
