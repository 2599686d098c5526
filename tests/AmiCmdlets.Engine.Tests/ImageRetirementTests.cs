using Amazon.EC2.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Retirement;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Deprecation, deregistration protection and Disable/Enable against LocalAws.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ImageRetirementTests(LocalAwsFixture localAws)
{
    private static IEnumerable<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error);

    private async Task<(List<Ami> Output, List<EngineEvent> Events, List<RetirementStep> Steps)> ChangeAsync(
        AwsClientFactory factory, RetirementChange change, IEnumerable<string> imageIds, string region = "us-east-1", bool passThru = true)
    {
        var retirement = new ImageRetirement(factory);
        var steps = new List<RetirementStep>();
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            steps.AddRange(await retirement.PlanAsync([new RegionBatch(localAws.Connection(factory, region), imageIds)], change, stream, token));
            await retirement.ExecuteAsync(steps, change, passThru, stream, token);
        });
        return (events.OfType<OutputEvent>().Select(e => (Ami)e.Item).ToList(), events, steps);
    }

    private async Task<List<string>> SeedAsync(params SeedImage[] images) => (await localAws.Control.SeedAsync(new SeedRequest { Images = images })).ImageIds.ToList();

    [Fact]
    public async Task DeprecationIsRoundedToTheMinuteAndOutputAsAwsStoredIt()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-1" });
        var factory = LocalAwsFixture.IsolatedFactory();
        var asked = DateTime.UtcNow.Date.AddDays(40).AddHours(10).AddMinutes(15).AddSeconds(40);

        var (output, events, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Deprecate, asked), ids);

        Assert.Empty(Errors(events));
        var expected = asked.Date.AddHours(10).AddMinutes(16);
        Assert.Equal("Deprecate AMI 'web-1' at " + expected.ToString("yyyy-MM-dd HH:mm") + " UTC", Assert.Single(steps).Action);
        var ami = Assert.Single(output);
        Assert.Equal(expected, ami.DeprecationTime);
        Assert.Equal(DateTimeKind.Utc, ami.DeprecationTime!.Value.Kind);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("EnableImageDeprecation"));
    }

    [Fact]
    public async Task ALocalTimeIsConvertedToUtc()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-local" });
        var factory = LocalAwsFixture.IsolatedFactory();
        var local = DateTime.SpecifyKind(DateTime.Now.Date.AddDays(10).AddHours(9), DateTimeKind.Local);

        var (output, _, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Deprecate, local), ids);

        Assert.Equal(local.ToUniversalTime(), Assert.Single(output).DeprecationTime);
    }

    [Fact]
    public async Task APublicImageCannotBeDeprecatedMoreThanTwoYearsAfterItsCreation()
    {
        await localAws.Control.ResetAsync();
        var created = DateTimeOffset.UtcNow.AddYears(-1);
        var ids = await SeedAsync(new SeedImage { Name = "web-public", Public = true, CreationDate = created }, new SeedImage { Name = "web-private", CreationDate = created });
        var factory = LocalAwsFixture.IsolatedFactory();
        var at = DateTime.UtcNow.AddMonths(18);

        var (output, events, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Deprecate, at), ids);

        var error = Assert.Single(Errors(events));
        Assert.Equal("InvalidDeprecationTime", error.ErrorId);
        Assert.Equal(ids[0], error.Target);
        Assert.Contains("public", error.Message);
        Assert.Equal(ids[1], Assert.Single(output).ImageId);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("EnableImageDeprecation"));
    }

    [Fact]
    public async Task ClearingRemovesTheDeprecationAndAClearImageNeedsNoCall()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-dated", DeprecationTime = DateTimeOffset.UtcNow.AddDays(5) }, new SeedImage { Name = "web-undated" });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (output, events, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.ClearDeprecation), ids);

        Assert.Empty(Errors(events));
        Assert.All(output, ami => Assert.Null(ami.DeprecationTime));
        Assert.Equal(2, output.Count);
        Assert.True(steps.Single(s => s.ImageId == ids[1]).AlreadyDone);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DisableImageDeprecation"));
    }

    [Fact]
    public async Task ProtectionWithACooldownWarnsThatItOutlastsTurningItOff()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-guarded" });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (on, _, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.EnableProtection, withCooldown: true), ids);
        Assert.True(Assert.Single(on).DeregistrationProtection);

        var (off, events, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.DisableProtection), ids);
        Assert.Contains("24 more hours", Assert.Single(steps).Action);
        Assert.Contains(events.OfType<WarningEvent>(), w => w.Message.Contains("cooldown") && w.Message.Contains(ids[0]));
        Assert.Single(off);

        var removal = new ImageRemoval(factory);
        var plan = await LocalAwsFixture.CollectAsync(async (stream, token) =>
            await removal.PlanAsync(new RemovalRequest { Batches = [new RegionBatch(localAws.Connection(factory), ids)] }, stream, token));
        var refused = Assert.Single(Errors(plan));
        Assert.Equal("AmiDeregistrationProtected", refused.ErrorId);
        Assert.Contains("stays in force until", refused.Message);
    }

    [Fact]
    public async Task ADisabledImageIsHiddenUnlessAskedForAndCanBeEnabledAgain()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-retired", Public = true });
        var factory = LocalAwsFixture.IsolatedFactory();
        var ec2 = factory.Ec2(localAws.Connection(factory));

        var (disabled, events, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Disable), ids);
        Assert.Empty(Errors(events));
        Assert.Contains("(it is public now)", Assert.Single(steps).Action);
        Assert.Equal("disabled", Assert.Single(disabled).State);
        Assert.False(disabled[0].Public);
        Assert.Null((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] })).Images);
        Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"], IncludeDisabled = true })).Images);

        (_, _, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Disable), ids);
        Assert.True(Assert.Single(steps).AlreadyDone);

        var (enabled, _, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Enable), ids);
        Assert.Equal("available", Assert.Single(enabled).State);
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DisableImage"));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("EnableImage"));
    }

    [Fact]
    public async Task OnlyAnAvailableImageCanBeDisabled()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(new SeedImage { Name = "web-building", State = "pending" });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (_, events, steps) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Disable), ids);

        Assert.Empty(steps);
        Assert.Equal("AmiNotAvailable", Assert.Single(Errors(events)).ErrorId);
    }

    [Fact]
    public async Task AnImageOfAnotherAccountIsRefusedWithoutCallingAws()
    {
        await localAws.Control.ResetAsync();
        var foreign = await localAws.Control.SeedAsync(new SeedRequest
        {
            Account = LocalAwsAccounts.AccountB,
            Images = [new SeedImage { Name = "team-b-base", LaunchPermissions = [LocalAwsAccounts.DefaultAccount] }],
        });
        var factory = LocalAwsFixture.IsolatedFactory();

        var (output, events, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.EnableProtection), foreign.ImageIds);

        Assert.Empty(output);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNotOwned", error.ErrorId);
        Assert.Equal(0, (await localAws.Control.GetCallsAsync()).Where(c => c.Mutating).Sum(c => c.Count));
    }

    [Fact]
    public async Task ManyImagesOfARegionAreReadWithOneDescribe()
    {
        await localAws.Control.ResetAsync();
        var ids = await SeedAsync(Enumerable.Range(0, 50).Select(i => new SeedImage { Name = "fleet-" + i }).ToArray());
        var factory = LocalAwsFixture.IsolatedFactory();

        var (output, events, _) = await ChangeAsync(factory, new RetirementChange(RetirementChangeKind.Deprecate, DateTime.UtcNow.AddDays(30)), ids);

        Assert.Empty(Errors(events));
        Assert.Equal(50, output.Count);
        Assert.Equal(ids, output.Select(a => a.ImageId));
        // One to plan, one to read the changed images back for -PassThru.
        Assert.Equal(2, await localAws.Control.CountCallsAsync("DescribeImages"));
        Assert.Equal(50, await localAws.Control.CountCallsAsync("EnableImageDeprecation"));
    }

    [Fact]
    public void ThePublicLimitCountsFromTheCreationDateAsAwsDoes()
    {
        var now = new DateTime(2026, 11, 26, 5, 0, 0, DateTimeKind.Utc);
        var created = now.AddYears(-1);
        var error = Assert.Throws<AmiOperationException>(() => DeprecationSchedule.Normalize(now.AddMonths(18), now, isPublic: true, "ami-1", created));
        Assert.Contains("2027-11-26 05:00:00 UTC or earlier", error.Message);
        Assert.Equal(now.AddMonths(11), DeprecationSchedule.Normalize(now.AddMonths(11), now, isPublic: true, "ami-1", created));
        Assert.Equal(now.AddMonths(18), DeprecationSchedule.Normalize(now.AddMonths(18), now, isPublic: false, "ami-1", created));
    }
}
