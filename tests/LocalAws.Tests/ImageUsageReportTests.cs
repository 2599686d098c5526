using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Image usage reports, DescribeInstanceImageMetadata and LastLaunchedTime, through the real SDK.</summary>
public sealed class ImageUsageReportTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public ImageUsageReportTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly AWSCredentials AccountB = new BasicAWSCredentials(LocalAwsAccounts.AccountBAccessKey, LocalAwsAccounts.AccountBSecretKey);

    private static List<ImageUsageResourceTypeRequest> BothTypes() => new()
    {
        new ImageUsageResourceTypeRequest { ResourceType = "ec2:Instance" },
        new ImageUsageResourceTypeRequest
        {
            ResourceType = "ec2:LaunchTemplate",
            ResourceTypeOptions = new() { new ImageUsageResourceTypeOptionRequest { OptionName = "version-depth", OptionValues = new() { "5" } } },
        },
    };

    private async Task<string> SharedImageUsedByBAsync()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "shared", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } } });
        var imageId = seeded.ImageIds[0];
        using var b = _aws.Ec2(credentials: AccountB);
        await Ec2Helpers.LaunchAsync(b, imageId);
        await _aws.Control.SeedAsync(new SeedRequest { Account = LocalAwsAccounts.AccountB, LaunchTemplates = new[] { new SeedLaunchTemplate { Name = "b-lt", ImageId = imageId } } });
        // The owner's own use is not in the report.
        await _aws.Control.SeedAsync(new SeedRequest { Instances = new[] { new SeedInstance { ImageId = imageId } } });
        return imageId;
    }

    [Fact]
    public async Task A_report_is_pending_for_the_set_time_then_counts_other_accounts_use()
    {
        var imageId = await SharedImageUsedByBAsync();
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { UsageReportSeconds = new Dictionary<string, double> { ["*"] = 3600 } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);

        var created = await ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest { ImageId = imageId, ResourceTypes = BothTypes() });
        Assert.StartsWith("amiur-", created.ReportId);
        var pending = Assert.Single((await ec2.DescribeImageUsageReportsAsync(new DescribeImageUsageReportsRequest { ImageIds = new() { imageId } })).ImageUsageReports);
        Assert.Equal("pending", pending.State);
        Assert.Equal(imageId, pending.ImageId);
        Assert.Equal(pending.CreationTime!.Value.AddDays(30), pending.ExpirationTime);
        Assert.Equal(new[] { "ec2:Instance", "ec2:LaunchTemplate" }, pending.ResourceTypes.Select(t => t.ResourceType));
        Assert.Equal("5", pending.ResourceTypes[1].ResourceTypeOptions.Single().OptionValues.Single());
        Assert.Null((await ec2.DescribeImageUsageReportEntriesAsync(new DescribeImageUsageReportEntriesRequest { ReportIds = new() { created.ReportId } })).ImageUsageReportEntries);

        await _aws.Control.SetSettingsAsync(new EmulatorSettings { UsageReportSeconds = new Dictionary<string, double> { ["*"] = 0 } });
        // The pending time is fixed at creation: a report made now is available at once; the first still pending.
        var quick = await ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest { ImageId = imageId, ResourceTypes = BothTypes(), AccountIds = new() { LocalAwsAccounts.AccountB } });
        var reports = (await ec2.DescribeImageUsageReportsAsync(new DescribeImageUsageReportsRequest { ReportIds = new() { quick.ReportId, created.ReportId } })).ImageUsageReports;
        Assert.Equal("available", reports.Single(r => r.ReportId == quick.ReportId).State);
        Assert.Equal(new[] { LocalAwsAccounts.AccountB }, reports.Single(r => r.ReportId == quick.ReportId).AccountIds);
        Assert.Equal("pending", reports.Single(r => r.ReportId == created.ReportId).State);

        var entries = (await ec2.DescribeImageUsageReportEntriesAsync(new DescribeImageUsageReportEntriesRequest { ReportIds = new() { quick.ReportId } })).ImageUsageReportEntries;
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(LocalAwsAccounts.AccountB, e.AccountId));
        Assert.All(entries, e => Assert.Equal(1L, e.UsageCount));
        Assert.Equal(new[] { "ec2:Instance", "ec2:LaunchTemplate" }, entries.Select(e => e.ResourceType).OrderBy(t => t));
        var filtered = (await ec2.DescribeImageUsageReportEntriesAsync(new DescribeImageUsageReportEntriesRequest
        {
            ImageIds = new() { imageId }, Filters = new() { new Filter("resource-type", new() { "ec2:Instance" }) },
        })).ImageUsageReportEntries;
        Assert.Equal(quick.ReportId, Assert.Single(filtered).ReportId);

        Assert.True((await ec2.DeleteImageUsageReportAsync(new DeleteImageUsageReportRequest { ReportId = quick.ReportId })).Return);
        await Ec2Helpers.FailsAsync(() => ec2.DescribeImageUsageReportsAsync(new DescribeImageUsageReportsRequest { ReportIds = new() { quick.ReportId } }), "InvalidImageUsageReportId.NotFound");
    }

    [Fact]
    public async Task Only_the_owner_reports_and_the_limits_hold()
    {
        var imageId = await SharedImageUsedByBAsync();
        using var b = _aws.Ec2(credentials: AccountB, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.CreateImageUsageReportAsync(new CreateImageUsageReportRequest { ImageId = imageId, ResourceTypes = BothTypes() }), "AuthFailure");
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest { ImageId = imageId }), "MissingParameter");
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest
        {
            ImageId = imageId, ResourceTypes = BothTypes(), AccountIds = Enumerable.Range(0, 201).Select(i => (100000000000L + i).ToString()).ToList(),
        }), "InvalidParameterValue");
        await Ec2Helpers.FailsAsync(() => ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest
        {
            ImageId = imageId, ResourceTypes = new() { new ImageUsageResourceTypeRequest { ResourceType = "ec2:LaunchTemplate", ResourceTypeOptions = new() { new ImageUsageResourceTypeOptionRequest { OptionName = "version-depth", OptionValues = new() { "0" } } } } },
        }), "InvalidParameterValue");
    }

    [Fact]
    public async Task An_injected_failure_ends_the_report_in_error_with_a_reason()
    {
        var imageId = await SharedImageUsedByBAsync();
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { FailNextUsageReports = 1 });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var created = await ec2.CreateImageUsageReportAsync(new CreateImageUsageReportRequest { ImageId = imageId, ResourceTypes = BothTypes() });
        var report = Assert.Single((await ec2.DescribeImageUsageReportsAsync(new DescribeImageUsageReportsRequest { ReportIds = new() { created.ReportId } })).ImageUsageReports);
        Assert.Equal("error", report.State);
        Assert.False(string.IsNullOrEmpty(report.StateReason));
    }

    [Fact]
    public async Task Instance_image_metadata_follows_the_image_through_deprecation_deregistration_and_unsharing()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "base", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } } });
        var imageId = seeded.ImageIds[0];
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: AccountB, maxErrorRetry: 0);
        var instance = await Ec2Helpers.LaunchAsync(b, imageId);
        // RunInstances in another account sets the owner's LastLaunchedTime.
        Assert.NotNull((await Ec2Helpers.ImageAsync(ec2, imageId)).LastLaunchedTime);

        async Task<ImageMetadata> MetadataAsync() =>
            Assert.Single((await b.DescribeInstanceImageMetadataAsync(new DescribeInstanceImageMetadataRequest { InstanceIds = new() { instance.InstanceId } })).InstanceImageMetadata).ImageMetadata;

        var first = await MetadataAsync();
        Assert.Equal(imageId, first.ImageId);
        Assert.Equal("base", first.Name);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, first.OwnerId);
        Assert.Equal(ImageState.Available, first.State);
        Assert.True(first.ImageAllowed);
        Assert.Null(first.DeprecationTime);

        await ec2.ModifyImageAttributeAsync(new ModifyImageAttributeRequest { ImageId = imageId, LaunchPermission = new LaunchPermissionModifications { Remove = new() { new LaunchPermission { UserId = LocalAwsAccounts.AccountB } } } });
        Assert.Equal("base", (await MetadataAsync()).Name); // private to B now, still described
        await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = imageId, DeprecateAt = DateTime.UtcNow.AddMinutes(1) });
        Assert.NotNull((await MetadataAsync()).DeprecationTime);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        var gone = await MetadataAsync();
        Assert.Equal(ImageState.Deregistered, gone.State);
        Assert.Equal("base", gone.Name);

        var all = await b.DescribeInstanceImageMetadataAsync(new DescribeInstanceImageMetadataRequest { Filters = new() { new Filter("instance-state-name", new() { "running" }) } });
        var row = Assert.Single(all.InstanceImageMetadata);
        Assert.Equal(LocalAwsAccounts.AccountB, row.OwnerId);
        Assert.Equal(InstanceStateName.Running, row.State.Name);
        Assert.NotNull(row.LaunchTime);
        await Ec2Helpers.FailsAsync(() => ec2.DescribeInstanceImageMetadataAsync(new DescribeInstanceImageMetadataRequest { InstanceIds = new() { instance.InstanceId } }), "InvalidInstanceID.NotFound");
    }
}
