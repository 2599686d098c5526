using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class DescribeImagesTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public DescribeImagesTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SeedResult> Seed(params SeedImage[] images) =>
        _aws.Control.SeedAsync(new SeedRequest { Images = images });

    [Fact]
    public async Task Every_region_has_the_base_amazon_images_with_per_region_ids()
    {
        using var east = _aws.Ec2("us-east-1");
        using var west = _aws.Ec2("eu-west-3");
        var request = new DescribeImagesRequest { Owners = new() { "amazon" }, Filters = new() { new Filter("name", new() { "al2023-ami-2023.6.*-x86_64" }) } };
        var a = Assert.Single((await east.DescribeImagesAsync(request)).Images);
        var b = Assert.Single((await west.DescribeImagesAsync(request)).Images);
        Assert.NotEqual(a.ImageId, b.ImageId);
        Assert.Equal(LocalAwsAccounts.AmazonOwnerId, a.OwnerId);
        Assert.Equal("amazon", a.ImageOwnerAlias);
        Assert.True(a.Public);
        Assert.Equal(ImageState.Available, a.State);
        Assert.StartsWith("snap-", a.BlockDeviceMappings.Single().Ebs.SnapshotId, StringComparison.Ordinal);

        var windows = await east.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" }, Filters = new() { new Filter("platform", new() { "windows" }) } });
        Assert.All(windows.Images, i => Assert.Equal(PlatformValues.Windows, i.Platform));
        Assert.Equal(4, windows.Images.Count); // 2025, 2022 Full and Core, 2019
    }

    [Fact]
    public async Task Full_image_fields_reach_the_sdk()
    {
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
        var ids = await Seed(new SeedImage
        {
            Name = "web-2026-03-04", Description = "web tier", CreationDate = created,
            Tags = new Dictionary<string, string> { ["App"] = "web", ["Env"] = "prod" },
            BlockDevices = new[] { new SeedBlockDevice { SizeGiB = 20 }, new SeedBlockDevice { SizeGiB = 100, VolumeType = "io2" } },
            Encrypted = true, SourceImageId = "ami-0123456789abcdef0", SourceImageRegion = "eu-west-1",
            DeprecationTime = created.AddYears(2), LastLaunchedTime = created.AddDays(1),
        });
        using var ec2 = _aws.Ec2();
        var image = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { ids.ImageIds[0] } })).Images);
        Assert.Equal("web-2026-03-04", image.Name);
        Assert.Equal("web tier", image.Description);
        Assert.Equal("2026-03-04T05:06:07.890Z", image.CreationDate);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, image.OwnerId);
        Assert.False(image.Public);
        Assert.Equal(ArchitectureValues.X86_64, image.Architecture);
        Assert.Equal(DeviceType.Ebs, image.RootDeviceType);
        Assert.Equal("/dev/xvda", image.RootDeviceName);
        Assert.Equal(VirtualizationType.Hvm, image.VirtualizationType);
        Assert.Equal("Linux/UNIX", image.PlatformDetails);
        Assert.Equal("ami-0123456789abcdef0", image.SourceImageId);
        Assert.Equal("eu-west-1", image.SourceImageRegion);
        Assert.Equal("2028-03-04T05:06:07.890Z", image.DeprecationTime);
        Assert.Equal("disabled", image.DeregistrationProtection);
        Assert.Equal("web", image.Tags.Single(t => t.Key == "App").Value);
        Assert.Equal(2, image.BlockDeviceMappings.Count);
        var data = image.BlockDeviceMappings[1];
        Assert.Equal("/dev/sdb", data.DeviceName);
        Assert.Equal(100, data.Ebs.VolumeSize);
        Assert.Equal(VolumeType.Io2, data.Ebs.VolumeType);
        Assert.True(data.Ebs.Encrypted);
        Assert.StartsWith("arn:aws:kms:us-east-1:123456789012:key/", data.Ebs.KmsKeyId, StringComparison.Ordinal);
        Assert.Equal(ids.SnapshotIds, image.BlockDeviceMappings.Select(m => m.Ebs.SnapshotId));
    }

    [Fact]
    public async Task Filters_by_owner_name_wildcard_and_tag()
    {
        await Seed(
            new SeedImage { Name = "web-1", Tags = new Dictionary<string, string> { ["App"] = "web" } },
            new SeedImage { Name = "web-2", Tags = new Dictionary<string, string> { ["App"] = "web" } },
            new SeedImage { Name = "db-1", Tags = new Dictionary<string, string> { ["App"] = "db" } });
        using var ec2 = _aws.Ec2();

        var own = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } });
        Assert.Equal(3, own.Images.Count);
        var byAccount = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { LocalAwsAccounts.DefaultAccount } });
        Assert.Equal(3, byAccount.Images.Count);

        var web = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, Filters = new() { new Filter("name", new() { "web-?" }) } });
        Assert.Equal(new[] { "web-1", "web-2" }, web.Images.Select(i => i.Name).OrderBy(n => n));

        var db = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("tag:App", new() { "db" }) } });
        Assert.Equal("db-1", Assert.Single(db.Images).Name);

        var tagged = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("tag-key", new() { "App" }) } });
        Assert.Equal(3, tagged.Images.Count);

        var all = await ec2.DescribeImagesAsync(new DescribeImagesRequest());
        Assert.Equal(3 + 16, all.Images.Count); // own + the non-deprecated base images of every owner

        var bad = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("nonsense", new() { "x" }) } }));
        Assert.Equal("InvalidParameterValue", bad.ErrorCode);
    }

    [Fact]
    public async Task More_than_200_filter_values_is_FilterLimitExceeded_as_on_EC2()
    {
        using var ec2 = _aws.Ec2();
        var ids = Enumerable.Range(0, 201).Select(i => $"ami-{i:x17}").ToList();
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("image-id", ids) } }));
        Assert.Equal("FilterLimitExceeded", error.ErrorCode);
        var atLimit = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("image-id", ids.Take(200).ToList()) } });
        Assert.Null(atLimit.Images);
    }

    [Fact]
    public async Task Paging_with_MaxResults_returns_every_image_once()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { BulkImages = new SeedBulkImages { Count = 23, NamePrefix = "page-" } });
        using var ec2 = _aws.Ec2();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, MaxResults = 5, NextToken = token });
            Assert.InRange(page.Images?.Count ?? 0, 1, 5);
            seen.AddRange(page.Images!.Select(i => i.ImageId));
            token = page.NextToken;
            pages++;
        } while (token is not null);
        Assert.Equal(5, pages);
        Assert.Equal(23, seen.Distinct().Count());
        Assert.Equal(seeded.BulkImageIds.OrderBy(i => i, StringComparer.Ordinal), seen.OrderBy(i => i, StringComparer.Ordinal));

        var paginator = ec2.Paginators.DescribeImages(new DescribeImagesRequest { Owners = new() { "self" }, MaxResults = 5 });
        var viaPaginator = new List<string>();
        await foreach (var image in paginator.Images) viaPaginator.Add(image.ImageId);
        Assert.Equal(23, viaPaginator.Distinct().Count());
    }

    [Fact]
    public async Task MaxResults_rules_follow_aws()
    {
        using var ec2 = _aws.Ec2();
        var tooSmall = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { MaxResults = 4 }));
        Assert.Equal("InvalidParameterValue", tooSmall.ErrorCode);
        var withIds = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { MaxResults = 5, ImageIds = new() { "ami-0123456789abcdef0" } }));
        Assert.Equal("InvalidParameterCombination", withIds.ErrorCode);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_fail()
    {
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var notFound = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { "ami-0123456789abcdef0" } }));
        Assert.Equal("InvalidAMIID.NotFound", notFound.ErrorCode);
        Assert.Contains("ami-0123456789abcdef0", notFound.Message, StringComparison.Ordinal);
        var malformed = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { "ami-xyz" } }));
        Assert.Equal("InvalidAMIID.Malformed", malformed.ErrorCode);
    }

    [Fact]
    public async Task Images_are_per_region_from_the_signature()
    {
        var ids = await Seed(new SeedImage { Name = "only-in-us-east-1" });
        using var west = _aws.Ec2("us-west-2", maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => west.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { ids.ImageIds[0] } }));
        Assert.Equal("InvalidAMIID.NotFound", e.ErrorCode);
        Assert.Null((await west.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images);
    }

    [Fact]
    public async Task Private_images_are_visible_to_the_owner_and_to_accounts_with_launch_permission()
    {
        var ids = await Seed(
            new SeedImage { Name = "private" },
            new SeedImage { Name = "shared-with-b", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } },
            new SeedImage { Name = "public", Public = true });
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);

        var byDefaultOwner = new DescribeImagesRequest { Owners = new() { LocalAwsAccounts.DefaultAccount } };
        Assert.Equal(new[] { "public", "shared-with-b" }, (await b.DescribeImagesAsync(byDefaultOwner)).Images.Select(i => i.Name).OrderBy(n => n));
        Assert.Equal("public", Assert.Single((await c.DescribeImagesAsync(byDefaultOwner)).Images).Name);

        var sharedWithMe = await b.DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = new() { "self" } });
        Assert.Equal("shared-with-b", Assert.Single(sharedWithMe.Images).Name);

        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => c.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { ids.ImageIds[0] } }));
        Assert.Equal("InvalidAMIID.NotFound", e.ErrorCode);
    }

    [Fact]
    public async Task Deprecated_images_are_hidden_from_others_unless_asked_for_or_named()
    {
        var ids = await Seed(new SeedImage { Name = "old", Public = true, DeprecationTime = DateTimeOffset.UtcNow.AddDays(-1) });
        using var owner = _aws.Ec2();
        using var other = _aws.Ec2(credentials: Keys.AccountB);
        var byOwner = new DescribeImagesRequest { Owners = new() { LocalAwsAccounts.DefaultAccount } };

        Assert.Single((await owner.DescribeImagesAsync(byOwner)).Images); // AWS: owners always see their deprecated AMIs
        Assert.Null((await other.DescribeImagesAsync(byOwner)).Images);
        Assert.Single((await other.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { LocalAwsAccounts.DefaultAccount }, IncludeDeprecated = true })).Images);
        Assert.Single((await other.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { ids.ImageIds[0] } })).Images);

        var amazonAll = await other.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" }, IncludeDeprecated = true });
        var amazonCurrent = await other.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" } });
        Assert.Equal(amazonCurrent.Images.Count + 1, amazonAll.Images.Count);
    }

    [Fact]
    public async Task Disabled_images_need_IncludeDisabled()
    {
        await Seed(new SeedImage { Name = "off", State = "disabled" }, new SeedImage { Name = "on" });
        using var ec2 = _aws.Ec2();
        Assert.Equal("on", Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images).Name);
        var all = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, IncludeDisabled = true });
        Assert.Equal(2, all.Images.Count);
        Assert.Equal(ImageState.Disabled, all.Images.Single(i => i.Name == "off").State);
    }
}
