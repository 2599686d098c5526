using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Tags of a shared image belong to each account: the owner's are not shown to others, theirs not to the owner.</summary>
public sealed class SharedImageTagsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public SharedImageTagsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_account_sees_and_changes_only_its_own_tags()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[] { new SeedImage { Name = "shared", Tags = new Dictionary<string, string> { ["Team"] = "web" }, LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } },
        });
        var imageId = seeded.ImageIds[0];
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);

        Assert.Null((await Ec2Helpers.ImageAsync(b, imageId)).Tags);
        await b.CreateTagsAsync(new CreateTagsRequest { Resources = new() { imageId }, Tags = new() { new Tag("CostCenter", "42") } });

        Assert.Equal("42", (await Ec2Helpers.ImageAsync(b, imageId)).Tags.Single().Value);
        Assert.Equal("web", (await Ec2Helpers.ImageAsync(owner, imageId)).Tags.Single().Value);
        Assert.Equal("CostCenter", (await b.DescribeTagsAsync(new DescribeTagsRequest())).Tags.Single().Key);
        // An account the image is not shared with cannot tag it.
        await Ec2Helpers.FailsAsync(() => c.CreateTagsAsync(new CreateTagsRequest { Resources = new() { imageId }, Tags = new() { new Tag("X", "y") } }), "InvalidAMIID.NotFound");
    }
}
