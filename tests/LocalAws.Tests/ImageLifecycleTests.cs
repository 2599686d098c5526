using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class ImageLifecycleTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public ImageLifecycleTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SeedResult> Seed(params SeedImage[] images) => await _aws.Control.SeedAsync(new SeedRequest { Images = images });

    [Fact]
    public async Task DeregisterImage_is_for_owners_and_frees_the_name()
    {
        var seeded = await Seed(new SeedImage { Name = "gone-soon", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } });
        var imageId = seeded.ImageIds[0];
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId }), "AuthFailure");
        await Ec2Helpers.FailsAsync(() => c.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId }), "InvalidAMIID.NotFound");
        var amazon = await Ec2Helpers.BaseImageIdAsync(ec2);
        await Ec2Helpers.FailsAsync(() => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = amazon }), "AuthFailure");

        var response = await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId });
        Assert.True(response.Return);
        Assert.Null(response.DeleteSnapshotResults);
        await Ec2Helpers.FailsAsync(() => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = imageId }), "InvalidAMIID.Unavailable");
        // Still listed for a while, as deregistered (DeregisteredImagesTests covers what follows).
        Assert.Equal(ImageState.Deregistered, Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } })).Images).State);
        // The snapshot stays (no DeleteAssociatedSnapshots) and the name can be reused.
        Assert.Single((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { seeded.SnapshotIds[0] } })).Snapshots);
        await Seed(new SeedImage { Name = "gone-soon" });
    }

    [Fact]
    public async Task DeleteAssociatedSnapshots_keeps_a_snapshot_another_image_uses()
    {
        var first = await Seed(new SeedImage { Name = "first", BlockDevices = new[] { new SeedBlockDevice(), new SeedBlockDevice { SizeGiB = 50 } } });
        var second = await Seed(new SeedImage { Name = "second", SnapshotIds = new[] { first.SnapshotIds[1] } });
        Assert.Empty(second.SnapshotIds);
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);

        var response = await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = first.ImageIds[0], DeleteAssociatedSnapshots = true });
        var results = response.DeleteSnapshotResults.ToDictionary(r => r.SnapshotId, r => r.ReturnCode.Value);
        Assert.Equal("success", results[first.SnapshotIds[0]]);
        Assert.Equal("skipped", results[first.SnapshotIds[1]]);
        var left = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } });
        Assert.Equal(first.SnapshotIds[1], Assert.Single(left.Snapshots).SnapshotId);
    }

    [Fact]
    public async Task Deregistration_protection_refuses_deregistration_and_the_cooldown_lasts_24_hours()
    {
        var seeded = await Seed(new SeedImage { Name = "protected" }, new SeedImage { Name = "cooled" });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var plain = seeded.ImageIds[0];
        var cooled = seeded.ImageIds[1];

        await ec2.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = plain });
        Assert.Equal("enabled-without-cooldown", (await Ec2Helpers.ImageAsync(ec2, plain)).DeregistrationProtection);
        await Ec2Helpers.FailsAsync(() => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = plain }), "OperationNotPermitted");
        await ec2.DisableImageDeregistrationProtectionAsync(new DisableImageDeregistrationProtectionRequest { ImageId = plain });
        Assert.Equal("disabled", (await Ec2Helpers.ImageAsync(ec2, plain)).DeregistrationProtection);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = plain });

        await ec2.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = cooled, WithCooldown = true });
        Assert.Equal("enabled-with-cooldown", (await Ec2Helpers.ImageAsync(ec2, cooled)).DeregistrationProtection);
        await ec2.DisableImageDeregistrationProtectionAsync(new DisableImageDeregistrationProtectionRequest { ImageId = cooled });
        Assert.StartsWith("disabled-until-", (await Ec2Helpers.ImageAsync(ec2, cooled)).DeregistrationProtection, StringComparison.Ordinal);
        await Ec2Helpers.FailsAsync(() => ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = cooled }), "OperationNotPermitted");

        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = cooled }), "InvalidAMIID.NotFound");
    }

    [Fact]
    public async Task Deprecation_is_rounded_to_the_minute_and_validated()
    {
        var seeded = await Seed(new SeedImage { Name = "private" }, new SeedImage { Name = "public", Public = true });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var at = new DateTime(DateTime.UtcNow.Year + 1, 3, 4, 5, 6, 31, 250, DateTimeKind.Utc);
        await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[0], DeprecateAt = at });
        Assert.Equal($"{at.Year}-03-04T05:07:00.000Z", (await Ec2Helpers.ImageAsync(ec2, seeded.ImageIds[0])).DeprecationTime);
        await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[0], DeprecateAt = at.AddSeconds(-2) });
        Assert.Equal($"{at.Year}-03-04T05:06:00.000Z", (await Ec2Helpers.ImageAsync(ec2, seeded.ImageIds[0])).DeprecationTime);

        await Ec2Helpers.FailsAsync(() => ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[0], DeprecateAt = DateTime.UtcNow.AddDays(-1) }), "InvalidParameterValue");
        await Ec2Helpers.FailsAsync(() => ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[0], DeprecateAt = DateTime.UtcNow.AddYears(11) }), "InvalidParameterValue");
        await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[0], DeprecateAt = DateTime.UtcNow.AddYears(9) });
        await Ec2Helpers.FailsAsync(() => ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[1], DeprecateAt = DateTime.UtcNow.AddYears(3) }), "InvalidParameterValue");
        await ec2.EnableImageDeprecationAsync(new EnableImageDeprecationRequest { ImageId = seeded.ImageIds[1], DeprecateAt = DateTime.UtcNow.AddYears(1) });

        await ec2.DisableImageDeprecationAsync(new DisableImageDeprecationRequest { ImageId = seeded.ImageIds[0] });
        Assert.Null((await Ec2Helpers.ImageAsync(ec2, seeded.ImageIds[0])).DeprecationTime);
    }

    [Fact]
    public async Task Disabled_images_are_private_hidden_and_not_launchable_until_enabled()
    {
        var seeded = await Seed(new SeedImage { Name = "shared", Public = true, LaunchPermissions = new[] { LocalAwsAccounts.AccountB } });
        var imageId = seeded.ImageIds[0];
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        await ec2.DisableImageAsync(new DisableImageRequest { ImageId = imageId });

        Assert.Null((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images);
        var disabled = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, IncludeDisabled = true })).Images);
        Assert.Equal(ImageState.Disabled, disabled.State);
        Assert.False(disabled.Public);
        await Ec2Helpers.FailsAsync(() => b.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } }), "InvalidAMIID.NotFound");
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(ec2, imageId), "InvalidAMIID.Unavailable");
        await Ec2Helpers.FailsAsync(() => ec2.DisableImageAsync(new DisableImageRequest { ImageId = imageId }), "IncorrectState");

        await ec2.EnableImageAsync(new EnableImageRequest { ImageId = imageId });
        var enabled = await Ec2Helpers.ImageAsync(ec2, imageId);
        Assert.Equal(ImageState.Available, enabled.State);
        Assert.False(enabled.Public); // sharing is not restored
        await Ec2Helpers.LaunchAsync(ec2, imageId);
        await Ec2Helpers.FailsAsync(() => ec2.EnableImageAsync(new EnableImageRequest { ImageId = imageId }), "IncorrectState");
    }
}
