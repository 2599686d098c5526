using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class ImageSharingTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string OrgArn = "arn:aws:organizations::123456789012:organization/o-localaws01";
    private const string GoldenOuArn = "arn:aws:organizations::123456789012:ou/o-localaws01/ou-lcl1-golden01";

    private readonly LocalAwsFixture _aws;

    public ImageSharingTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> SeedImage(string name, bool encrypted = false) =>
        (await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = name, Encrypted = encrypted } } })).ImageIds[0];

    private static ModifyImageAttributeRequest Add(string imageId, LaunchPermission permission) =>
        new() { ImageId = imageId, LaunchPermission = new LaunchPermissionModifications { Add = new() { permission } } };

    /// <summary>
    /// AWS's "AMI sharing" quota: 1,000 organizations, OUs and accounts per AMI (public does not count). A request
    /// that would pass it changes nothing, so a re-run sees the permissions as they were.
    /// </summary>
    [Fact]
    public async Task Sharing_beyond_1000_entities_is_refused_and_changes_nothing()
    {
        var imageId = await SeedImage("crowded");
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        static LaunchPermission Account(int i) => new() { UserId = (200000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        async Task<List<LaunchPermission>> PermissionsAsync() =>
            (await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission }))
                .ImageAttribute.LaunchPermissions ?? new List<LaunchPermission>();

        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId,
            LaunchPermission = new LaunchPermissionModifications { Add = Enumerable.Range(0, 998).Select(Account).Append(new LaunchPermission { OrganizationArn = OrgArn }).ToList() },
        });
        var tooMany = new ModifyImageAttributeRequest
        {
            ImageId = imageId,
            LaunchPermission = new LaunchPermissionModifications { Add = new() { Account(998), new LaunchPermission { OrganizationalUnitArn = GoldenOuArn } } },
        };
        await Ec2Helpers.FailsAsync(() => owner.ModifyImageAttributeAsync(tooMany), "ResourceLimitExceeded");
        var after = await PermissionsAsync();
        Assert.Equal(999, after.Count);
        Assert.DoesNotContain(after, p => p.UserId == Account(998).UserId);

        // Exactly 1,000, and public on top: "all" is not a sharing entity.
        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId,
            LaunchPermission = new LaunchPermissionModifications { Add = new() { Account(998), new LaunchPermission { Group = PermissionGroup.All } } },
        });
        Assert.Equal(1001, (await PermissionsAsync()).Count);
        // Removing one and adding another in the same request stays within the quota.
        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId,
            LaunchPermission = new LaunchPermissionModifications { Add = new() { Account(999) }, Remove = new() { Account(0) } },
        });
    }

    [Fact]
    public async Task A_launch_permission_makes_the_image_visible_and_launchable_for_that_account()
    {
        var imageId = await SeedImage("golden");
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);
        await Ec2Helpers.FailsAsync(() => b.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } }), "InvalidAMIID.NotFound");
        await Ec2Helpers.FailsAsync(() => Ec2Helpers.LaunchAsync(b, imageId), "InvalidAMIID.NotFound");

        await owner.ModifyImageAttributeAsync(Add(imageId, new LaunchPermission { UserId = LocalAwsAccounts.AccountB }));

        Assert.Single((await b.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } })).Images);
        Assert.Equal(imageId, Assert.Single((await b.DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = new() { "self" } })).Images).ImageId);
        var launched = await Ec2Helpers.LaunchAsync(b, imageId);
        Assert.Equal(imageId, launched.ImageId);
        Assert.Null((await c.DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = new() { "self" } })).Images);

        var attribute = await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission });
        Assert.Equal(LocalAwsAccounts.AccountB, attribute.ImageAttribute.LaunchPermissions.Single().UserId);
        await Ec2Helpers.FailsAsync(() => b.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission }), "AuthFailure");
        await Ec2Helpers.FailsAsync(() => b.ModifyImageAttributeAsync(Add(imageId, new LaunchPermission { UserId = LocalAwsAccounts.AccountC })), "AuthFailure");

        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId, LaunchPermission = new LaunchPermissionModifications { Remove = new() { new LaunchPermission { UserId = LocalAwsAccounts.AccountB } } },
        });
        await Ec2Helpers.FailsAsync(() => b.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } }), "InvalidAMIID.NotFound");
        // The wire now carries <launchPermission/> (see the CLI conformance test); SDK v4 reads an empty list
        // element as null (AWSConfigs.InitializeCollections is false), which the module's readers accept.
        var none = await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission });
        Assert.True(none.ImageAttribute.LaunchPermissions is null or { Count: 0 });
    }

    [Fact]
    public async Task The_legacy_UserId_and_OperationType_form_works_too()
    {
        var imageId = await SeedImage("legacy");
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId, Attribute = "launchPermission", OperationType = OperationType.Add, UserIds = new() { LocalAwsAccounts.AccountC },
        });
        using var c = _aws.Ec2(credentials: Keys.AccountC);
        Assert.Single((await c.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } })).Images);
        await Ec2Helpers.FailsAsync(() => owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest
        {
            ImageId = imageId, Attribute = "launchPermission", OperationType = OperationType.Add, UserIds = new() { "not-an-account" },
        }), "InvalidAMIAttributeItemValue");
    }

    [Fact]
    public async Task Organization_and_OU_permissions_map_to_the_LocalAws_organization()
    {
        var toOrg = await SeedImage("to-org");
        var toOu = await SeedImage("to-ou");
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        using var b = _aws.Ec2(credentials: Keys.AccountB, maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);
        await owner.ModifyImageAttributeAsync(Add(toOrg, new LaunchPermission { OrganizationArn = OrgArn }));
        await owner.ModifyImageAttributeAsync(Add(toOu, new LaunchPermission { OrganizationalUnitArn = GoldenOuArn }));

        Assert.Equal(2, (await b.DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = new() { "self" } })).Images.Count);
        Assert.Equal(2, (await c.DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = new() { "self" } })).Images.Count);
        await Ec2Helpers.LaunchAsync(c, toOu);
        var attribute = await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = toOu, Attribute = ImageAttributeName.LaunchPermission });
        Assert.Equal(GoldenOuArn, attribute.ImageAttribute.LaunchPermissions.Single().OrganizationalUnitArn);

        await Ec2Helpers.FailsAsync(() => owner.ModifyImageAttributeAsync(Add(toOrg, new LaunchPermission { OrganizationArn = "arn:aws:organizations::1:organization/x" })), "InvalidAMIAttributeItemValue");
    }

    [Fact]
    public async Task Public_sharing_respects_block_public_access_and_encryption()
    {
        var imageId = await SeedImage("public-ish");
        var encrypted = await SeedImage("secret", encrypted: true);
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        using var c = _aws.Ec2(credentials: Keys.AccountC, maxErrorRetry: 0);

        Assert.Equal("unblocked", (await owner.GetImageBlockPublicAccessStateAsync(new GetImageBlockPublicAccessStateRequest())).ImageBlockPublicAccessState);
        var enabled = await owner.EnableImageBlockPublicAccessAsync(new EnableImageBlockPublicAccessRequest { ImageBlockPublicAccessState = ImageBlockPublicAccessEnabledState.BlockNewSharing });
        Assert.Equal(ImageBlockPublicAccessEnabledState.BlockNewSharing, enabled.ImageBlockPublicAccessState);
        Assert.Equal("block-new-sharing", (await owner.GetImageBlockPublicAccessStateAsync(new GetImageBlockPublicAccessStateRequest())).ImageBlockPublicAccessState);
        using var west = _aws.Ec2("us-west-2");
        Assert.Equal("unblocked", (await west.GetImageBlockPublicAccessStateAsync(new GetImageBlockPublicAccessStateRequest())).ImageBlockPublicAccessState);

        await Ec2Helpers.FailsAsync(() => owner.ModifyImageAttributeAsync(Add(imageId, new LaunchPermission { Group = PermissionGroup.All })), "OperationNotPermitted");
        await owner.ModifyImageAttributeAsync(Add(imageId, new LaunchPermission { UserId = LocalAwsAccounts.AccountC })); // non-public sharing still works

        var disabled = await owner.DisableImageBlockPublicAccessAsync(new DisableImageBlockPublicAccessRequest());
        Assert.Equal(ImageBlockPublicAccessDisabledState.Unblocked, disabled.ImageBlockPublicAccessState);
        await owner.ModifyImageAttributeAsync(Add(imageId, new LaunchPermission { Group = PermissionGroup.All }));
        Assert.True((await Ec2Helpers.ImageAsync(c, imageId)).Public);
        await Ec2Helpers.FailsAsync(() => owner.ModifyImageAttributeAsync(Add(encrypted, new LaunchPermission { Group = PermissionGroup.All })), "OperationNotPermitted");

        await owner.ResetImageAttributeAsync(new ResetImageAttributeRequest { ImageId = imageId, Attribute = ResetImageAttributeName.LaunchPermission });
        await Ec2Helpers.FailsAsync(() => c.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { imageId } }), "InvalidAMIID.NotFound");
    }

    [Fact]
    public async Task Description_and_other_attributes()
    {
        var imageId = await SeedImage("described");
        using var owner = _aws.Ec2(maxErrorRetry: 0);
        await owner.ModifyImageAttributeAsync(new ModifyImageAttributeRequest { ImageId = imageId, Description = "new words" });
        var description = await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.Description });
        Assert.Equal("new words", description.ImageAttribute.Description);
        Assert.Equal("new words", (await Ec2Helpers.ImageAsync(owner, imageId)).Description);

        await owner.EnableImageDeregistrationProtectionAsync(new EnableImageDeregistrationProtectionRequest { ImageId = imageId });
        var protection = await owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.DeregistrationProtection });
        Assert.Equal("enabled-without-cooldown", protection.ImageAttribute.DeregistrationProtection);
        await Ec2Helpers.FailsAsync(() => owner.DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = "nonsense" }), "InvalidParameterValue");
    }
}
