using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Allowed AMIs per account and region, through the real SDK: shapes, computed imageAllowed, blocked launches.</summary>
public sealed class AllowedImagesSettingsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public AllowedImagesSettingsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Criteria_round_trip_and_the_verdict_is_computed_for_each_read()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var amazon = await Ec2Helpers.BaseImageIdAsync(ec2);
        Assert.Null((await Ec2Helpers.ImageAsync(ec2, amazon)).ImageAllowed);

        await ec2.ReplaceImageCriteriaInAllowedImagesSettingsAsync(new ReplaceImageCriteriaInAllowedImagesSettingsRequest
        {
            ImageCriteria = new List<ImageCriterionRequest>
            {
                new() { ImageProviders = new() { "amazon" }, ImageNames = new() { "al2023-*" }, CreationDateCondition = new CreationDateConditionRequest { MaximumDaysSinceCreated = 3650 } },
            },
        });
        var audit = await ec2.EnableAllowedImagesSettingsAsync(new EnableAllowedImagesSettingsRequest { AllowedImagesSettingsState = "audit-mode" });
        Assert.Equal("audit-mode", audit.AllowedImagesSettingsState.Value);

        var settings = await ec2.GetAllowedImagesSettingsAsync(new GetAllowedImagesSettingsRequest());
        Assert.Equal("audit-mode", settings.State);
        Assert.Equal("account", settings.ManagedBy.Value);
        var criterion = Assert.Single(settings.ImageCriteria);
        Assert.Equal(new[] { "amazon" }, criterion.ImageProviders);
        Assert.Equal(new[] { "al2023-*" }, criterion.ImageNames);
        Assert.Equal(3650, criterion.CreationDateCondition.MaximumDaysSinceCreated);
        Assert.True((await Ec2Helpers.ImageAsync(ec2, amazon)).ImageAllowed);
        var ubuntu = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "099720109477" } })).Images.First();
        Assert.False(ubuntu.ImageAllowed);
        var notAllowed = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "099720109477" }, Filters = new() { new Filter("image-allowed", new() { "false" }) } });
        Assert.Contains(notAllowed.Images, i => i.ImageId == ubuntu.ImageId);

        // Audit mode launches anything; enabled refuses what the criteria leave out. Another account's settings are its own.
        await Ec2Helpers.LaunchAsync(ec2, ubuntu.ImageId);
        await ec2.EnableAllowedImagesSettingsAsync(new EnableAllowedImagesSettingsRequest { AllowedImagesSettingsState = "enabled" });
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, ubuntu.ImageId), "InvalidAMIID.NotFound");
        await Ec2Helpers.LaunchAsync(ec2, amazon);
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        Assert.Equal("disabled", (await west.GetAllowedImagesSettingsAsync(new GetAllowedImagesSettingsRequest())).State);

        Assert.Equal("disabled", (await ec2.DisableAllowedImagesSettingsAsync(new DisableAllowedImagesSettingsRequest())).AllowedImagesSettingsState.Value);
        await Ec2Helpers.LaunchAsync(ec2, ubuntu.ImageId);
    }

    [Fact]
    public async Task None_goes_alone_and_states_are_checked()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => ec2.ReplaceImageCriteriaInAllowedImagesSettingsAsync(new ReplaceImageCriteriaInAllowedImagesSettingsRequest
        {
            ImageCriteria = new List<ImageCriterionRequest> { new() { ImageProviders = new() { "none", "amazon" } } },
        }), "InvalidParameterValue");
        await Ec2Helpers.FailsAsync(() => ec2.EnableAllowedImagesSettingsAsync(new EnableAllowedImagesSettingsRequest { AllowedImagesSettingsState = "on" }), "InvalidParameterValue");
    }
}
