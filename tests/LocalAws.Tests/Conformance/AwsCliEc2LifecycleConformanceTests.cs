using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LocalAws.Tests.Conformance;

/// <summary>
/// The AMI life cycle through the AWS CLI: instances, CreateImage, snapshots, attributes, tags, launch
/// templates, deprecation, deregistration. Actions newer than this CLI (DisableImage, deregistration
/// protection, DeleteAssociatedSnapshots, image references, image block public access) are covered
/// through the SDK in the xunit classes.
/// </summary>
public sealed class AwsCliEc2LifecycleConformanceTests : IClassFixture<AwsCliFixture>
{
    private readonly AwsCliFixture _aws;

    public AwsCliEc2LifecycleConformanceTests(AwsCliFixture aws) => _aws = aws;

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    private async Task<string> BaseImage(string region) =>
        (await _aws.Cli.OkAsync(region, "ec2", "describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023.6.*-x86_64",
            "--query", "Images[0].ImageId")).GetString()!;

    [Fact]
    public async Task Instances_images_snapshots_tags_deprecation_and_deregistration()
    {
        var cli = _aws.Cli;
        const string R = "sa-east-1";
        var baseImage = await BaseImage(R);
        var run = await cli.OkAsync(R, "ec2", "run-instances", "--image-id", baseImage, "--instance-type", "t3.micro", "--count", "1",
            "--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=builder}]");
        var instanceId = run.GetProperty("Instances")[0].GetProperty("InstanceId").GetString()!;
        Assert.Matches("^i-[0-9a-f]{17}$", instanceId);

        var described = cli.OkAsync(R, "ec2", "describe-instances", "--filters", "Name=tag:Name,Values=builder", "--query", "Reservations[].Instances[].[InstanceId,ImageId]");
        var badAmi = cli.FailsAsync(R, "InvalidAMIID.NotFound", "ec2", "run-instances", "--image-id", "ami-0123456789abcdef0", "--instance-type", "t3.micro", "--count", "1");
        var created = cli.OkAsync(R, "ec2", "create-image", "--instance-id", instanceId, "--name", "golden-2026-11-26", "--description", "golden",
            "--tag-specifications", "ResourceType=image,Tags=[{Key=App,Value=web}]", "ResourceType=snapshot,Tags=[{Key=App,Value=web}]");
        Assert.Equal($"[[\"{instanceId}\",\"{baseImage}\"]]", Compact(await described));
        await badAmi;
        var imageId = (await created).GetProperty("ImageId").GetString()!;

        var wait = cli.RunAsync(R, "ec2", "wait", "image-available", "--image-ids", imageId);
        var duplicate = cli.FailsAsync(R, "InvalidAMIName.Duplicate", "ec2", "create-image", "--instance-id", instanceId, "--name", "golden-2026-11-26");
        var image = cli.OkAsync(R, "ec2", "describe-images", "--image-ids", imageId, "--query", "Images[0]");
        Assert.Equal(0, (await wait).ExitCode);
        await duplicate;
        var img = await image;
        Assert.Equal("available", img.GetProperty("State").GetString());
        Assert.Equal("golden", img.GetProperty("Description").GetString());
        var snapshotId = img.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString()!;

        // Snapshots: description, attribute round trip, in use.
        var snapshot = cli.OkAsync(R, "ec2", "describe-snapshots", "--owner-ids", "self", "--query", "Snapshots[0].[SnapshotId,Description]");
        var share = cli.OkAsync(R, "ec2", "modify-snapshot-attribute", "--snapshot-id", snapshotId, "--attribute", "createVolumePermission",
            "--operation-type", "add", "--user-ids", LocalAwsAccounts.AccountB);
        var inUse = cli.FailsAsync(R, "InvalidSnapshot.InUse", "ec2", "delete-snapshot", "--snapshot-id", snapshotId);
        var snap = await snapshot;
        Assert.Equal(snapshotId, snap[0].GetString());
        Assert.StartsWith($"Created by CreateImage({instanceId}) for {imageId} from vol-", snap[1].GetString(), StringComparison.Ordinal);
        await share;
        await inUse;
        var permission = cli.OkAsync(R, "ec2", "describe-snapshot-attribute", "--snapshot-id", snapshotId, "--attribute", "createVolumePermission",
            "--query", "CreateVolumePermissions[].UserId");
        var bSees = _aws.CliB.OkAsync(R, "ec2", "describe-snapshots", "--restorable-by-user-ids", "self", "--query", "Snapshots[].SnapshotId");
        Assert.Equal($"[\"{LocalAwsAccounts.AccountB}\"]", Compact(await permission));
        Assert.Equal($"[\"{snapshotId}\"]", Compact(await bSees));
        await cli.OkAsync(R, "ec2", "reset-snapshot-attribute", "--snapshot-id", snapshotId, "--attribute", "createVolumePermission");

        // Launch permissions and image attributes.
        await cli.OkAsync(R, "ec2", "modify-image-attribute", "--image-id", imageId, "--launch-permission", $"Add=[{{UserId={LocalAwsAccounts.AccountB}}}]");
        var launch = cli.OkAsync(R, "ec2", "describe-image-attribute", "--image-id", imageId, "--attribute", "launchPermission", "--query", "LaunchPermissions");
        var shared = _aws.CliB.OkAsync(R, "ec2", "describe-images", "--executable-users", "self", "--query", "Images[].ImageId");
        Assert.Equal($"[{{\"UserId\":\"{LocalAwsAccounts.AccountB}\"}}]", Compact(await launch));
        Assert.Equal($"[\"{imageId}\"]", Compact(await shared));
        await cli.OkAsync(R, "ec2", "modify-image-attribute", "--image-id", imageId, "--description", "Value=golden v2");
        var description = cli.OkAsync(R, "ec2", "describe-image-attribute", "--image-id", imageId, "--attribute", "description", "--query", "Description.Value");
        var reset = cli.OkAsync(R, "ec2", "reset-image-attribute", "--image-id", imageId, "--attribute", "launchPermission");
        Assert.Equal("golden v2", (await description).GetString());
        await reset;

        // Tags.
        await cli.OkAsync(R, "ec2", "create-tags", "--resources", imageId, snapshotId, "--tags", "Key=Env,Value=prod");
        var tags = cli.OkAsync(R, "ec2", "describe-tags", "--filters", $"Name=resource-id,Values={imageId}", "--query", "sort_by(Tags,&Key)[].[Key,Value,ResourceType]");
        var byTag = cli.OkAsync(R, "ec2", "describe-images", "--owners", "self", "--filters", "Name=tag:Env,Values=prod", "--query", "Images[].ImageId");
        Assert.Equal("[[\"App\",\"web\",\"image\"],[\"Env\",\"prod\",\"image\"]]", Compact(await tags));
        Assert.Equal($"[\"{imageId}\"]", Compact(await byTag));
        await cli.OkAsync(R, "ec2", "delete-tags", "--resources", imageId, "--tags", "Key=Env");
        Assert.Equal(1, (await cli.OkAsync(R, "ec2", "describe-tags", "--filters", $"Name=resource-id,Values={imageId}", "--query", "length(Tags)")).GetInt32());

        // Deprecation: rounded to the minute, hidden from other accounts' listings once past.
        var at = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-ddTHH:mm:45Z", System.Globalization.CultureInfo.InvariantCulture);
        await cli.OkAsync(R, "ec2", "enable-image-deprecation", "--image-id", imageId, "--deprecate-at", at);
        var deprecation = (await cli.OkAsync(R, "ec2", "describe-images", "--image-ids", imageId, "--query", "Images[0].DeprecationTime")).GetString()!;
        Assert.EndsWith(":00.000Z", deprecation, StringComparison.Ordinal);
        var disable = cli.OkAsync(R, "ec2", "disable-image-deprecation", "--image-id", imageId);
        await disable;

        // Instances stop, start and terminate; the image is deregistered and its snapshot freed.
        var stop = await cli.OkAsync(R, "ec2", "stop-instances", "--instance-ids", instanceId, "--query", "StoppingInstances[0].CurrentState.Name");
        Assert.Contains(stop.GetString(), new[] { "stopping", "stopped" });
        await cli.OkAsync(R, "ec2", "start-instances", "--instance-ids", instanceId);
        var terminate = cli.OkAsync(R, "ec2", "terminate-instances", "--instance-ids", instanceId, "--query", "TerminatingInstances[0].CurrentState.Name");
        var deregister = cli.OkAsync(R, "ec2", "deregister-image", "--image-id", imageId);
        Assert.Contains((await terminate).GetString(), new[] { "shutting-down", "terminated" });
        await deregister;
        var gone = cli.FailsAsync(R, "InvalidAMIID.Unavailable", "ec2", "deregister-image", "--image-id", imageId);
        var delete = cli.OkAsync(R, "ec2", "delete-snapshot", "--snapshot-id", snapshotId);
        await gone;
        await delete;
        await cli.FailsAsync(R, "InvalidSnapshot.NotFound", "ec2", "describe-snapshots", "--snapshot-ids", snapshotId);
    }

    [Fact]
    public async Task Launch_templates_and_their_versions()
    {
        var cli = _aws.Cli;
        const string R = "us-east-2";
        var baseImage = await BaseImage(R);
        var created = await cli.OkAsync(R, "ec2", "create-launch-template", "--launch-template-name", "web",
            "--launch-template-data", $"{{\"ImageId\":\"{baseImage}\",\"InstanceType\":\"t3.micro\"}}");
        var templateId = created.GetProperty("LaunchTemplate").GetProperty("LaunchTemplateId").GetString()!;
        Assert.Matches("^lt-[0-9a-f]{17}$", templateId);
        var duplicate = cli.FailsAsync(R, "InvalidLaunchTemplateName.AlreadyExistsException", "ec2", "create-launch-template", "--launch-template-name", "web",
            "--launch-template-data", "{\"InstanceType\":\"t3.micro\"}");
        var version = cli.OkAsync(R, "ec2", "create-launch-template-version", "--launch-template-id", templateId, "--source-version", "1",
            "--launch-template-data", "{\"InstanceType\":\"t3.small\"}", "--query", "LaunchTemplateVersion.VersionNumber");
        await duplicate;
        Assert.Equal(2, (await version).GetInt32());

        var templates = cli.OkAsync(R, "ec2", "describe-launch-templates", "--launch-template-names", "web", "--query", "LaunchTemplates[0].[LatestVersionNumber,DefaultVersionNumber]");
        var byImage = cli.OkAsync(R, "ec2", "describe-launch-template-versions", "--launch-template-id", templateId, "--filters", $"Name=image-id,Values={baseImage}",
            "--query", "sort(LaunchTemplateVersions[].VersionNumber)");
        var missing = cli.FailsAsync(R, "InvalidLaunchTemplateName.NotFoundException", "ec2", "describe-launch-templates", "--launch-template-names", "nope");
        Assert.Equal("[2,1]", Compact(await templates));
        Assert.Equal("[1,2]", Compact(await byImage)); // version 2 inherits the image from version 1
        await missing;
    }
    [Fact]
    public async Task Empty_lists_are_sent_as_empty_lists()
    {
        // AWS answers "no launch permissions" with <launchPermission/>, which botocore shows as [] and a missing
        // element as no key at all: a client must be able to tell "none" from "not returned".
        var cli = _aws.Cli;
        const string R = "ca-central-1";
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Region = R, Images = new[] { new SeedImage { Name = "empty-lists", LaunchPermissions = new[] { LocalAwsAccounts.AccountB } } } });
        var imageId = seeded.ImageIds[0];
        var snapshotId = seeded.SnapshotIds[0];
        await cli.OkAsync(R, "ec2", "modify-image-attribute", "--image-id", imageId, "--launch-permission", $"Remove=[{{UserId={LocalAwsAccounts.AccountB}}}]");

        var launch = cli.OkAsync(R, "ec2", "describe-image-attribute", "--image-id", imageId, "--attribute", "launchPermission");
        var productCodes = cli.OkAsync(R, "ec2", "describe-image-attribute", "--image-id", imageId, "--attribute", "productCodes");
        var volumePermission = cli.OkAsync(R, "ec2", "describe-snapshot-attribute", "--snapshot-id", snapshotId, "--attribute", "createVolumePermission");
        var noInstances = cli.OkAsync(R, "ec2", "describe-instances", "--filters", "Name=tag:Name,Values=nothing-has-this");
        Assert.Equal("[]", Compact((await launch).GetProperty("LaunchPermissions")));
        Assert.Equal("[]", Compact((await productCodes).GetProperty("ProductCodes")));
        Assert.Equal("[]", Compact((await volumePermission).GetProperty("CreateVolumePermissions")));
        Assert.Equal("[]", Compact((await noInstances).GetProperty("Reservations")));

        var run = await cli.OkAsync(R, "ec2", "run-instances", "--image-id", await BaseImage(R), "--instance-type", "t3.micro", "--count", "1");
        var instance = run.GetProperty("Instances")[0];
        Assert.Equal("[]", Compact(instance.GetProperty("ProductCodes")));
        var instanceId = instance.GetProperty("InstanceId").GetString()!;
        await cli.OkAsync(R, "ec2", "terminate-instances", "--instance-ids", instanceId);
        var terminated = await cli.OkAsync(R, "ec2", "describe-instances", "--instance-ids", instanceId, "--query", "Reservations[0].Instances[0]");
        Assert.Equal("terminated", terminated.GetProperty("State").GetProperty("Name").GetString());
        Assert.Equal("[]", Compact(terminated.GetProperty("BlockDeviceMappings")));
    }
}
