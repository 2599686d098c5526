using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LocalAws.Tests.Conformance;

/// <summary>CopyImage through the AWS CLI: ClientToken idempotency, KMS keys per region, tags, `aws ec2 wait image-available`.</summary>
public sealed class AwsCliCopyImageConformanceTests : IClassFixture<AwsCliFixture>
{
    private readonly AwsCliFixture _aws;

    public AwsCliCopyImageConformanceTests(AwsCliFixture aws) => _aws = aws;

    private async Task<string> BaseImage(string region = "us-east-1") =>
        (await _aws.Cli.OkAsync(region, "ec2", "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023.6.*-x86_64",
            "--query", "Images[0].ImageId")).GetString()!;

    private static string[] Copy(string imageId, string name, params string[] more) =>
        new[] { "ec2", "copy-image", "--source-region", "us-east-1", "--source-image-id", imageId, "--name", name }.Concat(more).ToArray();

    [Fact]
    public async Task Copy_image_is_idempotent_per_client_token_and_waitable()
    {
        var cli = _aws.Cli;
        const string R = "ap-northeast-1";
        var source = await BaseImage();
        var first = await cli.OkAsync(R, Copy(source, "al2023-tokyo", "--client-token", "tok-1", "--description", "AL2023 for Tokyo"));
        var imageId = first.GetProperty("ImageId").GetString()!;
        Assert.Matches("^ami-[0-9a-f]{17}$", imageId);
        var again = cli.OkAsync(R, Copy(source, "al2023-tokyo", "--client-token", "tok-1", "--description", "AL2023 for Tokyo"));
        var mismatch = cli.FailsAsync(R, "IdempotentParameterMismatch", Copy(source, "al2023-tokyo-2", "--client-token", "tok-1"));
        var wait = cli.RunAsync(R, "ec2", "wait", "image-available", "--image-ids", imageId);
        Assert.Equal(imageId, (await again).GetProperty("ImageId").GetString());
        await mismatch;
        Assert.Equal(0, (await wait).ExitCode);

        var images = (await cli.OkAsync(R, "ec2", "describe-images", "--owners", "self")).GetProperty("Images");
        var image = Assert.Single(images.EnumerateArray());
        Assert.Equal("available", image.GetProperty("State").GetString());
        // This CLI's model predates SourceImageId/SourceImageRegion in the output; the server-side filters still find the copy.
        var bySource = await cli.OkAsync(R, "ec2", "describe-images", "--owners", "self", "--filters", $"Name=source-image-id,Values={source}",
            "Name=source-image-region,Values=us-east-1", "--query", "Images[].ImageId");
        Assert.Equal(imageId, Assert.Single(bySource.EnumerateArray()).GetString());
        Assert.Equal("AL2023 for Tokyo", image.GetProperty("Description").GetString());
        var snapshotId = image.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString();

        var snapshot = (await cli.OkAsync(R, "ec2", "describe-snapshots", "--snapshot-ids", snapshotId!)).GetProperty("Snapshots")[0];
        Assert.Matches($@"^Copied for DestinationAmi {imageId} from SourceAmi {source} for SourceSnapshot snap-[0-9a-f]{{17}}\. Task created on [\d,]+\.$",
            snapshot.GetProperty("Description").GetString());
        Assert.Equal(LocalAwsAccounts.DefaultAccount, snapshot.GetProperty("OwnerId").GetString());
    }

    [Fact]
    public async Task Encrypted_copies_resolve_aliases_per_region_and_bad_keys_fail_the_waiter()
    {
        var cli = _aws.Cli;
        var source = await BaseImage();
        var keys = new Dictionary<string, string>();
        foreach (var region in new[] { "ap-southeast-1", "ap-southeast-2" })
            keys[region] = (await _aws.Control.SeedAsync(new SeedRequest { Region = region, Keys = new[] { new SeedKey { Alias = "alias/golden" } } })).KeyArns[0];

        var copies = keys.Keys.Select(region => (region, task: cli.OkAsync(region, Copy(source, "al2023-enc", "--encrypted", "--kms-key-id", "alias/golden")))).ToList();
        foreach (var (region, task) in copies)
        {
            var imageId = (await task).GetProperty("ImageId").GetString()!;
            var ebs = await cli.OkAsync(region, "ec2", "describe-images", "--image-ids", imageId, "--query", "Images[0].BlockDeviceMappings[0].Ebs");
            Assert.True(ebs.GetProperty("Encrypted").GetBoolean());
            Assert.Equal(keys[region], ebs.GetProperty("KmsKeyId").GetString());
        }

        const string R = "ap-southeast-1";
        var bad = (await cli.OkAsync(R, Copy(source, "al2023-bad-key", "--encrypted", "--kms-key-id", "alias/missing"))).GetProperty("ImageId").GetString()!;
        var waited = cli.RunAsync(R, "ec2", "wait", "image-available", "--image-ids", bad);
        var reason = cli.OkAsync(R, "ec2", "describe-images", "--image-ids", bad, "--query", "Images[0].[State,StateReason.Code]");
        var result = await waited;
        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Waiter ImageAvailable failed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("[\"failed\",\"Client.InvalidKMSKey.InvalidState\"]", Compact(await reason));
        var dependency = await cli.FailsAsync(R, "InvalidParameterDependency", Copy(source, "al2023-x", "--kms-key-id", "alias/golden"));
        Assert.Contains("KmsKeyId", dependency.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_image_tags_errors_and_cross_account_storage()
    {
        var cli = _aws.Cli;
        const string R = "ca-central-1";
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[] { new SeedImage { Name = "golden", Tags = new Dictionary<string, string> { ["App"] = "web" }, LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } },
        });
        var source = seeded.ImageIds[0];
        // TagSpecifications on CopyImage are newer than this CLI (covered through the SDK in CopyImageTests).
        var tagged = cli.OkAsync(R, Copy(source, "golden-tagged", "--copy-image-tags"));
        var notFound = cli.FailsAsync(R, "InvalidAMIID.NotFound", Copy("ami-0123456789abcdef0", "golden-x"));
        var dryRun = cli.FailsAsync(R, "DryRunOperation", Copy(source, "golden-dry", "--dry-run"));
        var storage = _aws.CliB.FailsAsync(R, "InvalidRequest", Copy(source, "golden-b"));
        var missingName = cli.RunAsync(R, "ec2", "copy-image", "--source-region", "us-east-1", "--source-image-id", source);

        var imageId = (await tagged).GetProperty("ImageId").GetString()!;
        await notFound;
        await dryRun;
        Assert.Equal("You do not have permission to access the storage of this ami.", (await storage).ErrorMessage);
        Assert.Equal(252, (await missingName).ExitCode);

        var tags = cli.OkAsync(R, "ec2", "describe-tags", "--filters", $"Name=resource-id,Values={imageId}", "--query", "sort_by(Tags,&Key)[].[Key,Value]");
        var duplicate = cli.FailsAsync(R, "InvalidAMIName.Duplicate", Copy(source, "golden-tagged"));
        Assert.Equal("[[\"App\",\"web\"]]", Compact(await tags));
        await duplicate;
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}
