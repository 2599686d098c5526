using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Account B copying account A's AMI: launch permission, snapshot createVolumePermission and KMS access all matter.</summary>
public sealed class CopyImageCrossAccountTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public CopyImageCrossAccountTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static CopyImageRequest Copy(string imageId, string name) => new() { SourceImageId = imageId, SourceRegion = "us-east-1", Name = name, CopyImageTags = true };

    private async Task ShareImage(IAmazonEC2 owner, string imageId) =>
        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId,
            LaunchPermission = new LaunchPermissionModifications { Add = new() { new LaunchPermission { UserId = LocalAwsAccounts.AccountB } } },
        });

    private async Task ShareSnapshots(IAmazonEC2 owner, IEnumerable<string> snapshotIds)
    {
        foreach (var snapshotId in snapshotIds)
        {
            await owner.ModifySnapshotAttributeAsync(new ModifySnapshotAttributeRequest
            {
                SnapshotId = snapshotId, Attribute = SnapshotAttributeName.CreateVolumePermission,
                CreateVolumePermission = new CreateVolumePermissionModifications { Add = new() { new CreateVolumePermission { UserId = LocalAwsAccounts.AccountB } } },
            });
        }
    }

    [Fact]
    public async Task Copying_another_accounts_AMI_needs_its_launch_permission_and_its_snapshots()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[] { new SeedImage { Name = "golden", Tags = new Dictionary<string, string> { ["App"] = "web" }, BlockDevices = new[] { new SeedBlockDevice(), new SeedBlockDevice { SizeGiB = 20 } } } },
        });
        var imageId = seeded.ImageIds[0];
        using var a = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        using var b = _aws.Ec2("eu-west-1", credentials: Keys.AccountB, maxErrorRetry: 0);

        await Ec2Helpers.FailsAsync(() => b.CopyImageAsync(Copy(imageId, "golden-b")), "InvalidAMIID.NotFound");

        await ShareImage(a, imageId);
        var storage = await Ec2Helpers.FailsAsync(() => b.CopyImageAsync(Copy(imageId, "golden-b")), "InvalidRequest");
        Assert.Equal("You do not have permission to access the storage of this ami.", storage.Message);
        await ShareSnapshots(a, seeded.SnapshotIds.Take(1)); // every snapshot must be shared
        await Ec2Helpers.FailsAsync(() => b.CopyImageAsync(Copy(imageId, "golden-b")), "InvalidRequest");

        await ShareSnapshots(a, seeded.SnapshotIds.Skip(1));
        var copied = await b.CopyImageAsync(Copy(imageId, "golden-b"));
        var image = await Ec2Helpers.ImageAsync(b, copied.ImageId);
        Assert.Equal(LocalAwsAccounts.AccountB, image.OwnerId);
        Assert.Equal(imageId, image.SourceImageId);
        Assert.Empty(image.Tags ?? new()); // the owner's tags are not the copier's to copy
        var snapshots = (await b.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots;
        Assert.Equal(2, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(LocalAwsAccounts.AccountB, s.OwnerId));

        // Account A does not see B's copy.
        using var aWest = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => aWest.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { copied.ImageId } }), "InvalidAMIID.NotFound");
    }

    [Fact]
    public async Task Amazons_public_AMIs_can_be_copied_by_anyone()
    {
        using var b = _aws.Ec2("ap-southeast-2", credentials: Keys.AccountB);
        var baseId = await Ec2Helpers.BaseImageIdAsync(_aws.Ec2("us-east-1", credentials: Keys.AccountB));
        var copied = await b.CopyImageAsync(Copy(baseId, "al2023-mine"));
        var image = await Ec2Helpers.ImageAsync(b, copied.ImageId);
        Assert.Equal(ImageState.Available, image.State);
        Assert.Equal(LocalAwsAccounts.AccountB, image.OwnerId);
        Assert.Null(image.ImageOwnerAlias);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("policy", true)]
    [InlineData("grant", true)]
    public async Task An_AMI_encrypted_with_a_customer_key_copies_only_when_the_key_is_shared(string keyAccess, bool succeeds)
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Keys = new[] { new SeedKey { Alias = "alias/golden", ShareWith = keyAccess == "policy" ? new[] { LocalAwsAccounts.AccountB } : null } },
            Images = new[] { new SeedImage { Name = "golden-enc", Encrypted = true, KmsKeyId = "alias/golden" } },
        });
        using var a = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        await ShareImage(a, seeded.ImageIds[0]);
        await ShareSnapshots(a, seeded.SnapshotIds);
        if (keyAccess == "grant")
        {
            using var kms = _aws.Kms();
            await kms.CreateGrantAsync(new Amazon.KeyManagementService.Model.CreateGrantRequest
            {
                KeyId = seeded.KeyIds[0], GranteePrincipal = $"arn:aws:iam::{LocalAwsAccounts.AccountB}:root", Name = "copy-golden",
                Operations = new() { "Decrypt", "DescribeKey", "CreateGrant", "ReEncryptFrom" },
            });
        }

        using var b = _aws.Ec2("eu-west-1", credentials: Keys.AccountB, maxErrorRetry: 0);
        var copied = await b.CopyImageAsync(Copy(seeded.ImageIds[0], "golden-enc-b")); // KMS access is checked asynchronously
        var image = await Ec2Helpers.ImageAsync(b, copied.ImageId);
        if (succeeds)
        {
            Assert.Equal(ImageState.Available, image.State);
            using var bKms = _aws.Kms(Keys.AccountB, "eu-west-1");
            var bDefault = (await bKms.DescribeKeyAsync(new Amazon.KeyManagementService.Model.DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.Arn;
            Assert.Equal(bDefault, image.BlockDeviceMappings.Single().Ebs.KmsKeyId); // re-encrypted with the copier's default key
        }
        else
        {
            Assert.Equal(ImageState.Failed, image.State);
            Assert.Equal("Client.InvalidKMSKey.InvalidState", image.StateReason.Code);
        }
    }

    [Fact]
    public async Task An_AMI_encrypted_with_the_AWS_managed_key_cannot_be_shared_for_copying()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "default-key", Encrypted = true } } });
        using var a = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        await ShareImage(a, seeded.ImageIds[0]);
        await Ec2Helpers.FailsAsync(() => ShareSnapshots(a, seeded.SnapshotIds), "OperationNotPermitted");
        using var b = _aws.Ec2("us-east-1", credentials: Keys.AccountB, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.CopyImageAsync(Copy(seeded.ImageIds[0], "default-key-b")), "InvalidRequest");

        // The owner re-copies with a customer managed key shared with B: that copy can be shared and copied.
        var key = await _aws.Control.SeedAsync(new SeedRequest { Keys = new[] { new SeedKey { Alias = "alias/share", ShareWith = new[] { LocalAwsAccounts.AccountB } } } });
        var recopy = Copy(seeded.ImageIds[0], "cmk-key");
        recopy.Encrypted = true;
        recopy.KmsKeyId = "alias/share";
        var shareable = await Ec2Helpers.ImageAsync(a, (await a.CopyImageAsync(recopy)).ImageId);
        Assert.Equal(key.KeyArns[0], shareable.BlockDeviceMappings.Single().Ebs.KmsKeyId);
        await ShareImage(a, shareable.ImageId);
        await ShareSnapshots(a, shareable.BlockDeviceMappings.Select(m => m.Ebs.SnapshotId));
        var copied = await Ec2Helpers.ImageAsync(b, (await b.CopyImageAsync(Copy(shareable.ImageId, "cmk-key-b"))).ImageId);
        Assert.Equal(ImageState.Available, copied.State);
    }
}
