using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Sharing;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// Grant/Revoke/Get of launch permissions against LocalAws, across its accounts, through the real SDK: what
/// account B can see and copy afterwards, and which calls each step costs.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class LaunchPermissionSharingTests(LocalAwsFixture localAws)
{
    private const string B = LocalAwsAccounts.AccountB;
    private const string C = LocalAwsAccounts.AccountC;
    private const string OrgArn = "arn:aws:organizations::123456789012:organization/o-localaws01";
    private const string OuArn = "arn:aws:organizations::123456789012:ou/o-localaws01/ou-lcl1-golden01";

    private readonly AwsClientFactory _factory = LocalAwsFixture.IsolatedFactory();

    private static List<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error).ToList();
    private static List<string> Warnings(IEnumerable<EngineEvent> events) => events.OfType<WarningEvent>().Select(e => e.Message).ToList();

    private sealed record Seeded(string ImageId, IReadOnlyList<string> SnapshotIds, string? KeyArn);

    /// <summary>An image with two EBS volumes, optionally encrypted with a new customer key (alias) or the AWS-managed key.</summary>
    private async Task<Seeded> SeedImageAsync(string name, string region = "us-east-1", string? customerKeyAlias = null, bool awsManagedKey = false, string? owner = null)
    {
        var encrypted = customerKeyAlias != null || awsManagedKey;
        var result = await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = owner ?? LocalAwsAccounts.DefaultAccount,
            Region = region,
            Keys = customerKeyAlias == null ? null : [new SeedKey { Alias = customerKeyAlias }],
            Images = [new SeedImage
            {
                Name = name, Encrypted = encrypted, KmsKeyId = customerKeyAlias == null ? null : "alias/" + customerKeyAlias,
                BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda", SizeGiB = 8 }, new SeedBlockDevice { DeviceName = "/dev/xvdb", SizeGiB = 20 }],
            }],
        });
        return new Seeded(result.ImageIds[0], result.SnapshotIds, result.KeyArns.FirstOrDefault());
    }

    private ResolvedConnection Owner(string region = "us-east-1") => localAws.Connection(_factory, region);

    private ResolvedConnection AccountB(string region = "us-east-1") =>
        localAws.Connection(_factory, region, LocalAwsAccounts.AccountBAccessKey, LocalAwsAccounts.AccountBSecretKey);

    private SharingTarget Target(string imageId, string region, params SharingPrincipal[] principals) => new(Owner(region), imageId, principals);

    private async Task<(IReadOnlyList<LaunchPermissionPlan> Plans, List<EngineEvent> Events)> GrantAsync(SharingRequest request, bool execute = true, bool passThru = false)
    {
        var sharing = new LaunchPermissionSharing(_factory);
        IReadOnlyList<LaunchPermissionPlan> plans = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            plans = await sharing.PlanGrantAsync(request, stream, token);
            if (execute) await sharing.ExecuteAsync(plans, passThru, stream, token);
        });
        return (plans, events);
    }

    private async Task<(IReadOnlyList<LaunchPermissionPlan> Plans, List<EngineEvent> Events)> RevokeAsync(SharingRequest request)
    {
        var sharing = new LaunchPermissionSharing(_factory);
        IReadOnlyList<LaunchPermissionPlan> plans = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            plans = await sharing.PlanRevokeAsync(request, stream, token);
            await sharing.ExecuteAsync(plans, false, stream, token);
        });
        return (plans, events);
    }

    private async Task<List<AmiLaunchPermission>> ListAsync(params SharingTarget[] targets)
    {
        var events = await LocalAwsFixture.CollectAsync((stream, token) => new LaunchPermissionListing(_factory).ListAsync(targets, stream, token));
        Assert.Empty(Errors(events));
        return events.OfType<OutputEvent>().Select(e => (AmiLaunchPermission)e.Item).ToList();
    }

    private async Task<int> MutatingCallsAsync() => (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count);

    private async Task<int> CallsAsync(string action) => await localAws.Control.CountCallsAsync(action);

    /// <summary>Account B copies the image into its own account: the copy's state says whether it could read snapshots and key.</summary>
    private async Task<Image> CopyAsBAsync(string imageId, string name)
    {
        var ec2 = _factory.Ec2(AccountB());
        var copy = await ec2.CopyImageAsync(new CopyImageRequest { SourceImageId = imageId, SourceRegion = "us-east-1", Name = name });
        return (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [copy.ImageId] })).Images.Single();
    }

    private async Task<List<string>> SharedWithBAsync() =>
        ((await _factory.Ec2(AccountB()).DescribeImagesAsync(new DescribeImagesRequest { ExecutableUsers = ["self"] })).Images ?? []).Select(i => i.ImageId).ToList();

    [Fact]
    public async Task GrantSharesImageSnapshotsAndKeySoAccountBCanCopyTheEncryptedImage()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");

        var (plans, events) = await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B))] }, passThru: true);

        Assert.Empty(Errors(events));
        Assert.Equal(1, await CallsAsync("DescribeImages"));
        Assert.Equal(1, await CallsAsync("ModifyImageAttribute"));
        Assert.Equal(2, await CallsAsync("ModifySnapshotAttribute"));
        Assert.Equal(1, await CallsAsync("CreateGrant"));
        Assert.Equal(4, await MutatingCallsAsync());
        var output = Assert.Single(events.OfType<OutputEvent>());
        Assert.Equal(image.ImageId, ((Ami)output.Item).ImageId);

        var grants = await _factory.Kms(Owner()).ListGrantsAsync(new ListGrantsRequest { KeyId = image.KeyArn });
        var grant = Assert.Single(grants.Grants);
        Assert.Equal($"AmiCmdlets-{image.ImageId}-{B}", grant.Name);
        Assert.Equal($"arn:aws:iam::{B}:root", grant.GranteePrincipal);
        Assert.Equal(KmsGrantKeeper.Operations.Order(), grant.Operations.Order());

        Assert.Contains(image.ImageId, await SharedWithBAsync());
        var copy = await CopyAsBAsync(image.ImageId, "b-copy");
        Assert.Equal("available", copy.State.Value);
    }

    [Fact]
    public async Task WithoutTheKmsGrantAccountBCanLaunchButItsCopyFails()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");

        var (_, events) = await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B))], SkipKmsGrant = true });

        Assert.Empty(Errors(events));
        Assert.Equal(0, await CallsAsync("CreateGrant"));
        Assert.Contains(image.ImageId, await SharedWithBAsync());
        var copy = await CopyAsBAsync(image.ImageId, "b-copy");
        Assert.Equal("failed", copy.State.Value);
        Assert.Contains("InvalidKMSKey", copy.StateReason.Code);
    }

    [Fact]
    public async Task ASecondIdenticalGrantChangesNothingAndCallsNothingMutating()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");
        var request = new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B), SharingPrincipals.AccountId(C))] };
        await GrantAsync(request);
        var before = await MutatingCallsAsync();
        Assert.Equal(5, before); // one ModifyImageAttribute for both accounts, 2 snapshots, 2 grants

        var (plans, events) = await GrantAsync(request, passThru: true);

        Assert.False(Assert.Single(plans).HasChanges);
        Assert.Equal(before, await MutatingCallsAsync());
        Assert.Single(events.OfType<OutputEvent>());
        Assert.Equal(2, (await _factory.Kms(Owner()).ListGrantsAsync(new ListGrantsRequest { KeyId = image.KeyArn })).Grants.Count);
    }

    [Fact]
    public async Task RevokeTakesBackLaunchSnapshotsAndOnlyItsOwnGrants()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");
        await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B), SharingPrincipals.AccountId(C))] });
        var kms = _factory.Kms(Owner());
        await kms.CreateGrantAsync(new CreateGrantRequest { KeyId = image.KeyArn, GranteePrincipal = $"arn:aws:iam::{B}:root", Operations = ["Decrypt"], Name = "someone-elses" });

        var (_, events) = await RevokeAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B))] });

        Assert.Empty(Errors(events));
        Assert.DoesNotContain(image.ImageId, await SharedWithBAsync());
        var left = (await kms.ListGrantsAsync(new ListGrantsRequest { KeyId = image.KeyArn })).Grants.Select(g => g.Name).Order().ToList();
        Assert.Equal(new[] { $"AmiCmdlets-{image.ImageId}-{C}", "someone-elses" }, left);
        foreach (var snapshot in image.SnapshotIds)
        {
            var users = (await _factory.Ec2(Owner()).DescribeSnapshotAttributeAsync(new DescribeSnapshotAttributeRequest
            { SnapshotId = snapshot, Attribute = SnapshotAttributeName.CreateVolumePermission })).CreateVolumePermissions.Select(p => p.UserId);
            Assert.Equal(new[] { C }, users);
        }
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => CopyAsBAsync(image.ImageId, "b-copy-after-revoke"));
        Assert.Equal("InvalidAMIID.NotFound", error.ErrorCode);
    }

    [Fact]
    public async Task RevokeAllRemovesEveryPrincipalPublicIncluded()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-plain");
        await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B), SharingPrincipal.Public, SharingPrincipals.OrganizationArn(OrgArn))] });
        Assert.Equal(3, (await ListAsync(Target(image.ImageId, "us-east-1"))).Count);

        var (plans, events) = await RevokeAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1")], All = true });

        Assert.Empty(Errors(events));
        Assert.Equal(3, Assert.Single(plans).LaunchPermissions.Count);
        Assert.Empty(await ListAsync(Target(image.ImageId, "us-east-1")));
        Assert.Equal(2, await CallsAsync("ModifyImageAttribute"));
    }

    [Fact]
    public async Task TheAwsManagedKeyStopsEverythingBeforeAnyChange()
    {
        await localAws.Control.ResetAsync();
        var shareable = await SeedImageAsync("web-plain");
        var managed = await SeedImageAsync("web-default-key", awsManagedKey: true);

        var error = await Assert.ThrowsAsync<AmiOperationException>(() => GrantAsync(new SharingRequest
        {
            Images = [Target(shareable.ImageId, "us-east-1", SharingPrincipals.AccountId(B)), Target(managed.ImageId, "us-east-1", SharingPrincipals.AccountId(B))],
        }));

        Assert.Equal("AmiKeyNotShareable", error.ErrorId);
        Assert.Equal(managed.ImageId, error.Target);
        Assert.Contains("Copy-AmiToRegion", error.Message);
        Assert.Contains("-KmsKeyId", error.Message);
        Assert.Equal(0, await MutatingCallsAsync());
    }

    [Fact]
    public async Task PublicIsRefusedForEncryptedImagesAndUnderBlockPublicAccess()
    {
        await localAws.Control.ResetAsync();
        var encrypted = await SeedImageAsync("web-encrypted", customerKeyAlias: "golden");
        var plain = await SeedImageAsync("web-plain");
        var blocked = await SeedImageAsync("web-plain-west", region: "eu-west-1");
        await _factory.Ec2(Owner("eu-west-1")).EnableImageBlockPublicAccessAsync(new EnableImageBlockPublicAccessRequest { ImageBlockPublicAccessState = ImageBlockPublicAccessEnabledState.BlockNewSharing });
        var before = await MutatingCallsAsync();

        var (plans, events) = await GrantAsync(new SharingRequest
        {
            Images = [Target(encrypted.ImageId, "us-east-1", SharingPrincipal.Public), Target(plain.ImageId, "us-east-1", SharingPrincipal.Public),
                Target(blocked.ImageId, "eu-west-1", SharingPrincipal.Public)],
        });

        var errors = Errors(events);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.ErrorId == "PublicSharingOfEncryptedAmi" && e.Target == encrypted.ImageId);
        Assert.Contains(errors, e => e.ErrorId == "ImageBlockPublicAccessEnabled" && e.Target == blocked.ImageId && e.Message.Contains("eu-west-1"));
        Assert.Equal(plain.ImageId, Assert.Single(plans).Image.ImageId);
        Assert.Equal(before + 1, await MutatingCallsAsync());
        Assert.Equal(LaunchPermissionKind.Public, Assert.Single(await ListAsync(Target(plain.ImageId, "us-east-1"))).Kind);
    }

    [Fact]
    public async Task OrganizationsGetLaunchPermissionAndAWarningWithTheKeyPolicyStatement()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");

        var (_, events) = await GrantAsync(new SharingRequest
        {
            Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.OrganizationArn(OrgArn), SharingPrincipals.OrganizationalUnitArn(OuArn))],
        });

        Assert.Empty(Errors(events));
        Assert.Equal(1, await MutatingCallsAsync());
        var warning = Assert.Single(Warnings(events));
        Assert.Contains("\"aws:PrincipalOrgID\": \"o-localaws01\"", warning);
        Assert.Contains("\"aws:PrincipalOrgPaths\": \"o-localaws01/*/ou-lcl1-golden01/*\"", warning);
        Assert.Contains(image.KeyArn!, warning);
        Assert.Contains("createVolumePermission cannot name an organization", warning);
        Assert.Contains(image.ImageId, await SharedWithBAsync());
        var permissions = await ListAsync(Target(image.ImageId, "us-east-1"));
        Assert.Equal(new[] { LaunchPermissionKind.Organization, LaunchPermissionKind.OrganizationalUnit }, permissions.Select(p => p.Kind));
        Assert.All(permissions, p => Assert.Null(p.SnapshotPermission));
        Assert.All(permissions, p => Assert.Null(p.KmsGrant));
    }

    [Fact]
    public async Task ImagesOfTwoRegionsAreDescribedOncePerRegionAndSharedInTheirOwnRegion()
    {
        await localAws.Control.ResetAsync();
        var east = await SeedImageAsync("web-east");
        var west = await SeedImageAsync("web-west", region: "eu-west-1");

        var (_, events) = await GrantAsync(new SharingRequest
        {
            Images = [Target(east.ImageId, "us-east-1", SharingPrincipals.AccountId(B)), Target(west.ImageId, "eu-west-1", SharingPrincipals.AccountId(B))],
        }, passThru: true);

        Assert.Empty(Errors(events));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages", region: "us-east-1"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages", region: "eu-west-1"));
        Assert.Equal(new[] { east.ImageId, west.ImageId }, events.OfType<OutputEvent>().Select(e => ((Ami)e.Item).ImageId));
        var west1 = await ListAsync(Target(west.ImageId, "eu-west-1"));
        Assert.Equal(B, Assert.Single(west1).Principal);
        Assert.Equal("eu-west-1", west1[0].Region);
        Assert.True(west1[0].SnapshotPermission);
        Assert.Null(west1[0].KmsGrant);
    }

    [Fact]
    public async Task OthersImagesAndMissingImagesAreReportedAndTheOwnAccountIsSkipped()
    {
        await localAws.Control.ResetAsync();
        var mine = await SeedImageAsync("web-mine");
        var theirs = (await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = B, Images = [new SeedImage { Name = "b-image", LaunchPermissions = [LocalAwsAccounts.DefaultAccount] }],
        })).ImageIds[0];

        var (plans, events) = await GrantAsync(new SharingRequest
        {
            Images = [Target(mine.ImageId, "us-east-1", SharingPrincipals.AccountId(LocalAwsAccounts.DefaultAccount), SharingPrincipals.AccountId(C)),
                Target(theirs, "us-east-1", SharingPrincipals.AccountId(C)), Target("ami-0123456789abcdef0", "us-east-1", SharingPrincipals.AccountId(C))],
        });

        var errors = Errors(events);
        Assert.Contains(errors, e => e.ErrorId == "AmiNotOwned" && e.Target == theirs && e.Message.Contains(B));
        Assert.Contains(errors, e => e.ErrorId == "AmiNotFound" && e.Target == "ami-0123456789abcdef0");
        Assert.Contains(Warnings(events), w => w.Contains(LocalAwsAccounts.DefaultAccount) && w.Contains("your own account"));
        var plan = Assert.Single(plans);
        Assert.Equal(new[] { SharingPrincipals.AccountId(C) }, plan.LaunchPermissions);
    }

    [Fact]
    public async Task OnlyAvailableImagesAreShared()
    {
        await localAws.Control.ResetAsync();
        var pending = (await localAws.Control.SeedAsync(new SeedRequest { Images = [new SeedImage { Name = "web-pending", State = "pending" }] })).ImageIds[0];

        var (plans, events) = await GrantAsync(new SharingRequest { Images = [Target(pending, "us-east-1", SharingPrincipals.AccountId(B))] });

        Assert.Empty(plans);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNotAvailable", error.ErrorId);
        Assert.Contains("Wait-Ami -ImageId " + pending, error.Message);
        Assert.Equal(0, await MutatingCallsAsync());
        Assert.Equal(0, await CallsAsync("DescribeImageAttribute"));
    }

    [Fact]
    public async Task GetShowsSnapshotAndKmsGrantStatePerAccount()
    {
        await localAws.Control.ResetAsync();
        var image = await SeedImageAsync("web-golden", customerKeyAlias: "golden");
        await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(B))] });
        await GrantAsync(new SharingRequest { Images = [Target(image.ImageId, "us-east-1", SharingPrincipals.AccountId(C))], SkipSnapshotPermission = true, SkipKmsGrant = true });

        var permissions = await ListAsync(Target(image.ImageId, "us-east-1"));

        Assert.Equal(new[] { B, C }, permissions.Select(p => p.Principal));
        Assert.All(permissions, p => Assert.Equal(LaunchPermissionKind.Account, p.Kind));
        Assert.Equal(new bool?[] { true, false }, permissions.Select(p => p.SnapshotPermission));
        Assert.Equal(new bool?[] { true, false }, permissions.Select(p => p.KmsGrant));
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("11112222333a")]
    [InlineData("")]
    public void AccountIdsAreTwelveDigits(string value)
    {
        var error = Assert.Throws<AmiOperationException>(() => SharingPrincipals.AccountId(value));
        Assert.Equal("InvalidAccountId", error.ErrorId);
        Assert.Contains("12 digits", error.Message);
    }

    [Theory]
    [InlineData("arn:aws:organizations::123456789012:organization/o-short")]
    [InlineData("arn:aws:organizations::12345678901:organization/o-abcdefghij")]
    [InlineData("o-abcdefghij")]
    public void OrganizationArnsHaveTheirShape(string value) =>
        Assert.Equal("InvalidOrganizationArn", Assert.Throws<AmiOperationException>(() => SharingPrincipals.OrganizationArn(value)).ErrorId);

    [Theory]
    [InlineData("arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab-12345678")]
    [InlineData("arn:aws:organizations::123456789012:organization/o-abcdefghij")]
    public void OuArnsHaveTheirShape(string value) =>
        Assert.Equal("InvalidOrganizationalUnitArn", Assert.Throws<AmiOperationException>(() => SharingPrincipals.OrganizationalUnitArn(value)).ErrorId);

    [Fact]
    public void PrincipalsAreRecognizedByShapeAndDeduplicated()
    {
        var all = SharingPrincipals.From([B, B], [OrgArn], null, [OuArn, "all", C], isPublic: true);
        Assert.Equal(new[] { LaunchPermissionKind.Account, LaunchPermissionKind.Organization, LaunchPermissionKind.OrganizationalUnit, LaunchPermissionKind.Public, LaunchPermissionKind.Account },
            all.Select(p => p.Kind));
        Assert.Equal("InvalidPrincipal", Assert.Throws<AmiOperationException>(() => SharingPrincipals.Parse("everyone")).ErrorId);
    }
}
