using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Sharing;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// AWS's "AMI sharing" quota (1,000 accounts, organizations and OUs per AMI; public does not count) is checked
/// in the plan, existing principals plus new ones, before any snapshot, key or image changes; and a Grant that
/// failed half-way finishes on a re-run.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class LaunchPermissionQuotaTests(LocalAwsFixture localAws)
{
    private readonly AwsClientFactory _factory = LocalAwsFixture.IsolatedFactory();

    private static string Account(int i) => (200000000000L + i).ToString(CultureInfo.InvariantCulture);

    private static SharingPrincipal[] Accounts(int from, int count) => Enumerable.Range(from, count).Select(i => SharingPrincipals.AccountId(Account(i))).ToArray();

    private ResolvedConnection Owner => localAws.Connection(_factory);

    /// <summary>An unencrypted image with two snapshots, already shared with <paramref name="existing"/> accounts.</summary>
    private async Task<string> SeedImageAsync(int existing = 0) =>
        (await localAws.Control.SeedAsync(new SeedRequest
        {
            Images = [new SeedImage
            {
                Name = "web-golden",
                LaunchPermissions = Enumerable.Range(0, existing).Select(Account).ToList(),
                BlockDevices = [new SeedBlockDevice { DeviceName = "/dev/xvda" }, new SeedBlockDevice { DeviceName = "/dev/xvdb" }],
            }],
        })).ImageIds[0];

    private async Task<(IReadOnlyList<LaunchPermissionPlan> Plans, List<AmiOperationException> Errors)> GrantAsync(string imageId, IReadOnlyList<SharingPrincipal> principals, bool ignoreQuota = false)
    {
        var sharing = new LaunchPermissionSharing(_factory);
        IReadOnlyList<LaunchPermissionPlan> plans = [];
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            plans = await sharing.PlanGrantAsync(new SharingRequest { Images = [new SharingTarget(Owner, imageId, principals)], IgnoreSharingQuota = ignoreQuota }, stream, token);
            await sharing.ExecuteAsync(plans, false, stream, token);
        });
        return (plans, events.OfType<ErrorEvent>().Select(e => e.Error).ToList());
    }

    private async Task<int> MutatingCallsAsync() => (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count);

    private async Task<List<LaunchPermission>> LaunchPermissionsAsync(string imageId) =>
        (await _factory.Ec2(Owner).DescribeImageAttributeAsync(new DescribeImageAttributeRequest { ImageId = imageId, Attribute = ImageAttributeName.LaunchPermission }))
            .ImageAttribute.LaunchPermissions ?? [];

    [Fact]
    public async Task SharingWith1001AccountsIsRefusedBeforeAnyChange()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SeedImageAsync();

        var (plans, errors) = await GrantAsync(imageId, Accounts(0, 1001));

        Assert.Empty(plans);
        var error = Assert.Single(errors);
        Assert.Equal("LaunchPermissionLimitExceeded", error.ErrorId);
        Assert.Equal(AmiErrorCategory.QuotaExceeded, error.Category);
        Assert.Equal(imageId, error.Target);
        Assert.Contains("1,001", error.Message);
        Assert.Contains("1,000", error.Message);
        Assert.Equal(0, await MutatingCallsAsync());
        Assert.Equal(0, await localAws.Control.CountCallsAsync("DescribeSnapshotAttribute"));
    }

    [Fact]
    public async Task ExistingPrincipalsCountTooButPublicAndRepeatsDoNot()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SeedImageAsync(existing: 999);

        // 999 now + 2 new = 1,001; the account that already has it is not counted twice.
        var (plans, errors) = await GrantAsync(imageId, [.. Accounts(998, 3)]);
        Assert.Empty(plans);
        var error = Assert.Single(errors);
        Assert.Equal("LaunchPermissionLimitExceeded", error.ErrorId);
        Assert.Contains("999", error.Message);
        Assert.Contains("2 new", error.Message);
        Assert.Equal(0, await MutatingCallsAsync());

        // 999 + 1 = 1,000, and public is not a sharing entity.
        (plans, errors) = await GrantAsync(imageId, [.. Accounts(998, 2), SharingPrincipal.Public]);
        Assert.Empty(errors);
        Assert.Equal(1001, (await LaunchPermissionsAsync(imageId)).Count);
    }

    [Fact]
    public async Task SharingWithExactly1000AccountsIsDoneInOneCallPerResource()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SeedImageAsync();

        var (plans, errors) = await GrantAsync(imageId, Accounts(0, 1000));

        Assert.Empty(errors);
        Assert.True(Assert.Single(plans).HasChanges);
        Assert.Equal(1000, (await LaunchPermissionsAsync(imageId)).Count);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ModifyImageAttribute"));
        Assert.Equal(2, await localAws.Control.CountCallsAsync("ModifySnapshotAttribute"));
    }

    [Fact]
    public async Task IgnoringTheQuotaLeavesTheDecisionToEc2()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SeedImageAsync(existing: 1000);

        var (_, errors) = await GrantAsync(imageId, [SharingPrincipals.AccountId(LocalAwsAccounts.AccountB)], ignoreQuota: true);

        // LocalAws keeps AWS's default quota, so EC2's own refusal comes back (an account with a raised quota would pass).
        Assert.Equal("AwsQuotaExceeded", Assert.Single(errors).ErrorId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("ModifyImageAttribute"));
    }

    [Fact]
    public async Task ARerunAfterAFailureAtTheImageStepFinishesOnlyWhatIsMissing()
    {
        await localAws.Control.ResetAsync();
        var imageId = await SeedImageAsync();
        var principals = new[] { SharingPrincipals.AccountId(LocalAwsAccounts.AccountB) };
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "ModifyImageAttribute", NextN = 10 } });

        var (_, errors) = await GrantAsync(imageId, principals);
        Assert.Equal("AwsThrottled", Assert.Single(errors).ErrorId);
        Assert.Contains("run the command again to finish", Assert.Single(errors).Message);
        Assert.Empty(await LaunchPermissionsAsync(imageId));
        Assert.Equal(2, await localAws.Control.CountCallsAsync("ModifySnapshotAttribute"));

        await localAws.Control.ClearFaultsAsync();
        var before = await MutatingCallsAsync();
        var (plans, rerunErrors) = await GrantAsync(imageId, principals);

        Assert.Empty(rerunErrors);
        var plan = Assert.Single(plans);
        Assert.Empty(plan.SnapshotAccounts);
        Assert.Equal(principals, plan.LaunchPermissions);
        Assert.Equal(before + 1, await MutatingCallsAsync());
        Assert.Equal(LocalAwsAccounts.AccountB, Assert.Single(await LaunchPermissionsAsync(imageId)).UserId);
    }
}
