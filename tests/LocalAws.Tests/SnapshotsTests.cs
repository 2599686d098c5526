using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class SnapshotsTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public SnapshotsTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DescribeSnapshots_filters_owner_and_pages()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[]
            {
                new SeedImage { Name = "a", BlockDevices = new[] { new SeedBlockDevice { SizeGiB = 8 }, new SeedBlockDevice { SizeGiB = 100 } } },
                new SeedImage { Name = "b", Encrypted = true },
            },
        });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var all = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } });
        Assert.Equal(seeded.SnapshotIds.OrderBy(s => s), all.Snapshots.Select(s => s.SnapshotId).OrderBy(s => s));
        var big = Assert.Single((await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = new() { new Filter("volume-size", new() { "100" }) } })).Snapshots);
        Assert.Equal(100, big.VolumeSize);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, big.OwnerId);
        Assert.Equal("100%", big.Progress);
        Assert.StartsWith("Created by CreateImage(", big.Description, StringComparison.Ordinal);
        var described = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = new() { new Filter("description", new() { $"*for {seeded.ImageIds[1]} *" }) } });
        var encrypted = Assert.Single(described.Snapshots);
        Assert.True(encrypted.Encrypted);
        Assert.NotNull(encrypted.KmsKeyId);
        Assert.Equal(3, (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = new() { new Filter("owner-id", new() { LocalAwsAccounts.DefaultAccount }), new Filter("status", new() { "completed" }) } })).Snapshots.Count);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" }, MaxResults = 5, NextToken = token });
            seen.AddRange(page.Snapshots?.Select(s => s.SnapshotId) ?? Enumerable.Empty<string>());
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(3, seen.Distinct().Count());

        await Ec2Helpers.FailsAsync(() => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { "snap-0123456789abcdef0" } }), "InvalidSnapshot.NotFound");
        await Ec2Helpers.FailsAsync(() => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { "snap-x" } }), "InvalidSnapshotID.Malformed");
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        Assert.Null((await b.DescribeSnapshotsAsync(new DescribeSnapshotsRequest())).Snapshots);
    }

    [Fact]
    public async Task DescribeSnapshots_MaxResults_above_1000_returns_1000_a_page_and_5_is_the_smallest()
    {
        // AWS: "This value can be between 5 and 1,000; if this value is larger than 1,000, only 1,000 results are returned."
        await _aws.Control.SeedAsync(new SeedRequest { BulkImages = new SeedBulkImages { Count = 1001 } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var first = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" }, MaxResults = 5000 });
        Assert.Equal(1000, first.Snapshots.Count);
        Assert.NotNull(first.NextToken);
        var rest = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" }, MaxResults = 5000, NextToken = first.NextToken });
        Assert.Single(rest.Snapshots);
        Assert.Null(rest.NextToken);

        Assert.Equal(5, (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" }, MaxResults = 5 })).Snapshots.Count);
        var tooSmall = await Ec2Helpers.FailsAsync(() => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { MaxResults = 4 }), "InvalidParameterValue");
        Assert.DoesNotContain("greater than 5", tooSmall.Message, StringComparison.Ordinal);
        Assert.Contains("5", tooSmall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxResults_messages_name_the_range_that_is_accepted()
    {
        // 5 is accepted, so a message saying "greater than 5" would send the reader wrong.
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var images = await Ec2Helpers.FailsAsync(() => ec2.DescribeImagesAsync(new DescribeImagesRequest { MaxResults = 1001 }), "InvalidParameterValue");
        Assert.Contains("between 5 and 1000", images.Message, StringComparison.Ordinal);
        var instances = await Ec2Helpers.FailsAsync(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { MaxResults = 4 }), "InvalidParameterValue");
        Assert.Contains("between 5 and 1000", instances.Message, StringComparison.Ordinal);
        var versions = await Ec2Helpers.FailsAsync(() => ec2.DescribeLaunchTemplateVersionsAsync(new DescribeLaunchTemplateVersionsRequest { Versions = new() { "$Latest" }, MaxResults = 201 }), "InvalidParameterValue");
        Assert.Contains("between 1 and 200", versions.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteSnapshot_is_refused_while_any_image_uses_it()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "user", State = "disabled", DeprecationTime = DateTimeOffset.UtcNow.AddDays(-3) } } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var e = await Ec2Helpers.FailsAsync(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = seeded.SnapshotIds[0] }), "InvalidSnapshot.InUse");
        Assert.Equal($"The snapshot {seeded.SnapshotIds[0]} is currently in use by {seeded.ImageIds[0]}", e.Message);

        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });
        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = seeded.SnapshotIds[0] });
        await Ec2Helpers.FailsAsync(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = seeded.SnapshotIds[0] }), "InvalidSnapshot.NotFound");
    }

    [Fact]
    public async Task An_image_of_another_account_pins_the_snapshot_too()
    {
        // Account B registers an image on A's snapshot (shared with it): A can no longer delete the snapshot.
        var own = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "base" } } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = own.ImageIds[0] });
        await _aws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountB,
            Images = new[] { new SeedImage { Name = "on-a-snapshot", SnapshotIds = new[] { own.SnapshotIds[0] } } },
        });
        await Ec2Helpers.FailsAsync(() => ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = own.SnapshotIds[0] }), "InvalidSnapshot.InUse");
    }

    [Fact]
    public async Task Snapshot_create_volume_permission_is_owner_managed()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "x" } } });
        var snapshotId = seeded.SnapshotIds[0];
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { snapshotId } }), "InvalidSnapshot.NotFound");

        await ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission,
            CreateVolumePermission = new CreateVolumePermissionModifications { Add = new() { new CreateVolumePermission { UserId = LocalAwsAccounts.AccountB } } },
        });
        var attribute = await ec2.DescribeSnapshotAttributeAsync(new DescribeSnapshotAttributeRequest { SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission });
        Assert.Equal(LocalAwsAccounts.AccountB, attribute.CreateVolumePermissions.Single().UserId);
        Assert.Single((await b.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { RestorableByUserIds = new() { "self" } })).Snapshots);
        await Ec2Helpers.FailsAsync(() => b.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission, OperationType = OperationType.Add, UserIds = new() { LocalAwsAccounts.AccountC },
        }), "UnauthorizedOperation");

        // Legacy form: OperationType + UserId.N.
        await ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission, OperationType = OperationType.Remove, UserIds = new() { LocalAwsAccounts.AccountB },
        });
        attribute = await ec2.DescribeSnapshotAttributeAsync(new DescribeSnapshotAttributeRequest { SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission });
        Assert.Null(attribute.CreateVolumePermissions);
    }

    [Fact]
    public async Task Encrypted_snapshots_with_the_default_key_cannot_be_shared()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "enc", Encrypted = true } } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => ec2.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
        {
            SnapshotId = seeded.SnapshotIds[0], Attribute = SnapshotAttributeName.CreateVolumePermission, OperationType = OperationType.Add, UserIds = new() { LocalAwsAccounts.AccountB },
        }), "OperationNotPermitted");
    }
}
