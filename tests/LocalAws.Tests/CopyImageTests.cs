using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class CopyImageTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string SnapshotDescription =
        @"^Copied for DestinationAmi (?<dest>ami-[0-9a-f]{17}) from SourceAmi (?<src>ami-[0-9a-f]{17}) for SourceSnapshot (?<snap>snap-[0-9a-f]{17})\. Task created on \d{1,3}(,\d{3})+\.$";

    private readonly LocalAwsFixture _aws;

    public CopyImageTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SeedResult> SeedSource(SeedImage image, string region = "us-east-1", params SeedKey[] keys) =>
        await _aws.Control.SeedAsync(new SeedRequest { Region = region, Images = new[] { image }, Keys = keys });

    private static CopyImageRequest Copy(string sourceImageId, string name, string sourceRegion = "us-east-1") =>
        new() { SourceImageId = sourceImageId, SourceRegion = sourceRegion, Name = name };

    [Fact]
    public async Task A_copy_to_another_region_records_its_source_and_gets_new_snapshots()
    {
        var source = await SeedSource(new SeedImage
        {
            Name = "golden-1", Description = "golden", Architecture = "arm64", BootMode = "uefi", ImdsSupport = "v2.0",
            BlockDevices = new[] { new SeedBlockDevice { SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/sdf", SizeGiB = 100, VolumeType = "io2" } },
            LaunchPermissions = new[] { LocalAwsAccounts.AccountB }, DeprecationTime = DateTimeOffset.UtcNow.AddYears(1),
        });
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        var copied = await west.CopyImageAsync(Copy(source.ImageIds[0], "golden-1-copy"));
        Assert.Matches("^ami-[0-9a-f]{17}$", copied.ImageId);

        var image = await Ec2Helpers.ImageAsync(west, copied.ImageId);
        Assert.Equal(ImageState.Available, image.State); // pendingSeconds 0
        Assert.Equal(source.ImageIds[0], image.SourceImageId);
        Assert.Equal("us-east-1", image.SourceImageRegion);
        Assert.Equal(LocalAwsAccounts.DefaultAccount, image.OwnerId);
        Assert.Equal("arm64", image.Architecture.Value);
        Assert.Equal("uefi", image.BootMode.Value);
        Assert.Null(image.Description);
        Assert.Null(image.DeprecationTime);
        Assert.False(image.Public);
        Assert.Equal(new[] { "/dev/xvda", "/dev/sdf" }, image.BlockDeviceMappings.Select(b => b.DeviceName));
        Assert.Equal(new[] { 8, 100 }, image.BlockDeviceMappings.Select(b => b.Ebs.VolumeSize ?? 0));
        Assert.Equal("io2", image.BlockDeviceMappings[1].Ebs.VolumeType.Value);
        Assert.DoesNotContain(image.BlockDeviceMappings, b => source.SnapshotIds.Contains(b.Ebs.SnapshotId));

        // Launch permissions are never copied.
        var permissions = await west.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = copied.ImageId, Attribute = "launchPermission" });
        Assert.Empty(permissions.ImageAttribute.LaunchPermissions ?? new());

        var snapshots = (await west.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots;
        Assert.Equal(2, snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            var m = System.Text.RegularExpressions.Regex.Match(snapshot.Description, SnapshotDescription);
            Assert.True(m.Success, snapshot.Description);
            Assert.Equal(copied.ImageId, m.Groups["dest"].Value);
            Assert.Equal(source.ImageIds[0], m.Groups["src"].Value);
            Assert.Contains(m.Groups["snap"].Value, source.SnapshotIds);
            Assert.Equal(SnapshotState.Completed, snapshot.State);
        }
        // The source region is untouched.
        using var east = _aws.Ec2("us-east-1");
        Assert.Single((await east.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images);
    }

    [Fact]
    public async Task A_copy_stays_pending_for_the_destination_regions_pending_time()
    {
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["eu-west-2"] = 1.0 } });
        using var london = _aws.Ec2("eu-west-2");
        var baseId = await Ec2Helpers.BaseImageIdAsync(_aws.Ec2("us-east-1"));
        var copied = await london.CopyImageAsync(Copy(baseId, "al2023-london"));
        var image = await Ec2Helpers.ImageAsync(london, copied.ImageId);
        Assert.Equal(ImageState.Pending, image.State);
        var snapshot = (await london.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots.Single();
        Assert.Equal(SnapshotState.Pending, snapshot.State);

        image = await Ec2Helpers.WaitForImageAsync(london, copied.ImageId, TimeSpan.FromSeconds(10));
        Assert.Equal(ImageState.Available, image.State);
        snapshot = (await london.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots.Single();
        Assert.Equal(SnapshotState.Completed, snapshot.State);
    }

    [Fact]
    public async Task Encrypted_copies_use_the_key_an_alias_names_in_each_destination_region()
    {
        var source = await SeedSource(new SeedImage { Name = "plain" });
        var frankfurt = await _aws.Control.SeedAsync(new SeedRequest { Region = "eu-central-1", Keys = new[] { new SeedKey { Alias = "alias/golden" } } });
        var paris = await _aws.Control.SeedAsync(new SeedRequest { Region = "eu-west-3", Keys = new[] { new SeedKey { Alias = "alias/golden" } } });
        Assert.NotEqual(frankfurt.KeyIds[0], paris.KeyIds[0]);

        foreach (var (region, keyArn) in new[] { ("eu-central-1", frankfurt.KeyArns[0]), ("eu-west-3", paris.KeyArns[0]) })
        {
            using var ec2 = _aws.Ec2(region);
            var request = Copy(source.ImageIds[0], "plain-encrypted");
            request.Encrypted = true;
            request.KmsKeyId = "alias/golden";
            var copied = await ec2.CopyImageAsync(request);
            var image = await Ec2Helpers.ImageAsync(ec2, copied.ImageId);
            Assert.Equal(ImageState.Available, image.State);
            var ebs = image.BlockDeviceMappings.Single().Ebs;
            Assert.True(ebs.Encrypted);
            Assert.Equal(keyArn, ebs.KmsKeyId);
            var snapshot = (await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = new() { ebs.SnapshotId } })).Snapshots.Single();
            Assert.True(snapshot.Encrypted);
            Assert.Equal(keyArn, snapshot.KmsKeyId);
        }

        // Encrypted without a key: the destination's AWS-managed EBS key.
        using var london = _aws.Ec2("eu-west-2");
        var defaultCopy = Copy(source.ImageIds[0], "plain-default-key");
        defaultCopy.Encrypted = true;
        var id = (await london.CopyImageAsync(defaultCopy)).ImageId;
        using var kms = _aws.Kms(region: "eu-west-2");
        var ebsKey = (await kms.DescribeKeyAsync(new Amazon.KeyManagementService.Model.DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.Arn;
        Assert.Equal(ebsKey, (await Ec2Helpers.ImageAsync(london, id)).BlockDeviceMappings.Single().Ebs.KmsKeyId);
    }

    [Fact]
    public async Task An_encrypted_source_stays_encrypted_with_the_same_key_in_its_region_and_the_default_key_elsewhere()
    {
        var source = await SeedSource(new SeedImage { Name = "enc", Encrypted = true, KmsKeyId = "alias/cmk" }, keys: new SeedKey { Alias = "alias/cmk" });
        using var east = _aws.Ec2("us-east-1");
        var sameRegion = (await east.CopyImageAsync(Copy(source.ImageIds[0], "enc-copy"))).ImageId;
        Assert.Equal(source.KeyArns[0], (await Ec2Helpers.ImageAsync(east, sameRegion)).BlockDeviceMappings.Single().Ebs.KmsKeyId);

        using var west = _aws.Ec2("us-west-2");
        var request = Copy(source.ImageIds[0], "enc-west");
        request.Encrypted = false; // cannot make an unencrypted copy of an encrypted snapshot
        var otherRegion = await Ec2Helpers.ImageAsync(west, (await west.CopyImageAsync(request)).ImageId);
        var ebs = otherRegion.BlockDeviceMappings.Single().Ebs;
        Assert.True(ebs.Encrypted);
        using var kms = _aws.Kms(region: "us-west-2");
        var ebsKey = (await kms.DescribeKeyAsync(new Amazon.KeyManagementService.Model.DescribeKeyRequest { KeyId = "alias/aws/ebs" })).KeyMetadata.Arn;
        Assert.Equal(ebsKey, ebs.KmsKeyId);
    }

    [Theory]
    [InlineData("alias/does-not-exist")]
    [InlineData("alias/disabled")]
    [InlineData("0b7c1b1e-1111-4222-8333-444455556666")]
    [InlineData("not-a-key")]
    public async Task A_bad_destination_key_fails_the_copy_asynchronously_with_a_state_reason(string keyId)
    {
        var source = await SeedSource(new SeedImage { Name = "plain" });
        await _aws.Control.SeedAsync(new SeedRequest { Region = "eu-west-1", Keys = new[] { new SeedKey { Alias = "alias/disabled", Enabled = false } } });
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { PendingSeconds = new Dictionary<string, double> { ["eu-west-1"] = 0.5 } });
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        var request = Copy(source.ImageIds[0], "plain-bad-key");
        request.Encrypted = true;
        request.KmsKeyId = keyId;
        var copied = await west.CopyImageAsync(request); // AWS accepts the call and fails later

        Assert.Equal(ImageState.Pending, (await Ec2Helpers.ImageAsync(west, copied.ImageId)).State);
        var image = await Ec2Helpers.WaitForImageAsync(west, copied.ImageId, TimeSpan.FromSeconds(10));
        Assert.Equal(ImageState.Failed, image.State);
        Assert.Equal("Client.InvalidKMSKey.InvalidState", image.StateReason.Code);
        Assert.Contains("The KMS key provided is in an incorrect state", image.StateReason.Message, StringComparison.Ordinal);
        Assert.Empty((await west.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots ?? new());
    }

    [Fact]
    public async Task Synchronous_validation_matches_AWS_codes()
    {
        var source = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "golden" }, new SeedImage { Name = "in-progress", State = "pending" } } });
        var pendingId = source.ImageIds[1];
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        var id = source.ImageIds[0];

        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy("ami-0123456789abcdef0", "x-copy")), "InvalidAMIID.NotFound");
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(id, "x-copy", sourceRegion: "eu-west-1")), "InvalidAMIID.NotFound"); // wrong source region
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy("ami-12", "x-copy")), "InvalidAMIID.Malformed");
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(pendingId, "x-copy")), "IncorrectState");
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(id, "no")), "InvalidAMIName.Malformed");
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(id, "bad*name")), "InvalidAMIName.Malformed");
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(id, "x-copy", sourceRegion: "xx-nowhere-1")), "InvalidParameterValue");
        var keyWithoutEncrypted = Copy(id, "x-copy");
        keyWithoutEncrypted.KmsKeyId = "alias/aws/ebs";
        await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(keyWithoutEncrypted), "InvalidParameterDependency");
        var dryRun = Copy(id, "x-copy");
        dryRun.DryRun = true;
        var e = await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(dryRun), "DryRunOperation");
        Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, e.StatusCode);

        await west.CopyImageAsync(Copy(id, "x-copy"));
        var duplicate = await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(Copy(id, "x-copy")), "InvalidAMIName.Duplicate");
        Assert.StartsWith("AMI name x-copy is already in use by AMI ami-", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_ClientToken_returns_the_same_image_and_other_parameters_are_a_mismatch()
    {
        var source = await SeedSource(new SeedImage { Name = "golden" });
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 0);
        var request = Copy(source.ImageIds[0], "golden-west");
        request.ClientToken = "copy-golden-west-1";
        request.Description = "copied";
        var first = await west.CopyImageAsync(request);
        var second = await west.CopyImageAsync(request);
        Assert.Equal(first.ImageId, second.ImageId);
        Assert.Single((await west.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images);
        Assert.Single((await west.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots);

        request.Description = "something else";
        var e = await Ec2Helpers.FailsAsync(() => west.CopyImageAsync(request), "IdempotentParameterMismatch");
        Assert.Contains("inconsistent", e.Message, StringComparison.Ordinal);

        // Tokens are per account and region: the same token elsewhere is a new copy.
        using var london = _aws.Ec2("eu-west-2");
        request.Description = "copied";
        Assert.NotEqual(first.ImageId, (await london.CopyImageAsync(request)).ImageId);
    }

    [Fact]
    public async Task CopyImageTags_and_TagSpecifications_tag_the_image_and_its_snapshots()
    {
        var source = await SeedSource(new SeedImage { Name = "golden", Tags = new Dictionary<string, string> { ["App"] = "web", ["Env"] = "prod", ["aws:internal"] = "x" } });
        using var west = _aws.Ec2("eu-west-1");
        var request = Copy(source.ImageIds[0], "golden-tagged");
        request.CopyImageTags = true;
        request.TagSpecifications = new()
        {
            new TagSpecification { ResourceType = ResourceType.Image, Tags = new() { new Tag("Env", "staging"), new Tag("CopiedBy", "test") } },
            new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = new() { new Tag("Owner", "platform") } },
        };
        var image = await Ec2Helpers.ImageAsync(west, (await west.CopyImageAsync(request)).ImageId);
        var tags = image.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(new Dictionary<string, string> { ["App"] = "web", ["Env"] = "staging", ["CopiedBy"] = "test" }, tags);
        var snapshot = (await west.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { OwnerIds = new() { "self" } })).Snapshots.Single();
        Assert.Equal("platform", snapshot.Tags.Single(t => t.Key == "Owner").Value);

        var untagged = await Ec2Helpers.ImageAsync(west, (await west.CopyImageAsync(Copy(source.ImageIds[0], "golden-untagged"))).ImageId);
        Assert.Empty(untagged.Tags ?? new());
        var badType = Copy(source.ImageIds[0], "golden-bad");
        badType.TagSpecifications = new() { new TagSpecification { ResourceType = ResourceType.Instance, Tags = new() { new Tag("A", "b") } } };
        await Ec2Helpers.FailsAsync(() => _aws.Ec2("eu-west-1", maxErrorRetry: 0).CopyImageAsync(badType), "InvalidParameterValue");
    }

    [Fact]
    public async Task FailNextCopies_fails_exactly_the_next_copies_into_that_region()
    {
        var source = await SeedSource(new SeedImage { Name = "golden" });
        await _aws.Control.SetFaultsAsync(new FaultSettings { FailNextCopies = new Dictionary<string, int> { ["eu-west-1"] = 1 } });
        using var london = _aws.Ec2("eu-west-2");
        Assert.Equal(ImageState.Available, (await Ec2Helpers.ImageAsync(london, (await london.CopyImageAsync(Copy(source.ImageIds[0], "g-london"))).ImageId)).State);

        using var west = _aws.Ec2("eu-west-1");
        var failed = await Ec2Helpers.ImageAsync(west, (await west.CopyImageAsync(Copy(source.ImageIds[0], "g-1"))).ImageId);
        Assert.Equal(ImageState.Failed, failed.State);
        Assert.Equal("Server.InternalError", failed.StateReason.Code);
        Assert.Equal("Copy image failed with an internal error.", failed.StateReason.Message);
        Assert.Null(failed.BlockDeviceMappings.Single().Ebs.SnapshotId);
        var next = await Ec2Helpers.ImageAsync(west, (await west.CopyImageAsync(Copy(source.ImageIds[0], "g-2"))).ImageId);
        Assert.Equal(ImageState.Available, next.State);
    }

    [Fact]
    public async Task Throttled_copies_retried_by_the_SDK_with_their_ClientToken_are_each_made_once()
    {
        var source = await SeedSource(new SeedImage { Name = "golden" });
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "CopyImage", Fraction = 0.4, Seed = 7 } });
        using var west = _aws.Ec2("eu-west-1", maxErrorRetry: 10);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var request = Copy(source.ImageIds[0], $"golden-{i}");
            request.ClientToken = $"golden-{i}-eu-west-1";
            ids.Add((await west.CopyImageAsync(request)).ImageId);
        }
        Assert.Equal(10, ids.Distinct().Count());
        var calls = await _aws.Control.CountCallsAsync("CopyImage", region: "eu-west-1");
        Assert.True(calls > 10, $"expected some throttled attempts, saw {calls} calls");

        // Replaying every request (as a caller that lost the answers would) makes nothing new.
        await _aws.Control.ClearFaultsAsync();
        for (var i = 0; i < 10; i++)
        {
            var request = Copy(source.ImageIds[0], $"golden-{i}");
            request.ClientToken = $"golden-{i}-eu-west-1";
            Assert.Equal(ids[i], (await west.CopyImageAsync(request)).ImageId);
        }
        Assert.Equal(10, (await west.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images.Count);
    }
}
