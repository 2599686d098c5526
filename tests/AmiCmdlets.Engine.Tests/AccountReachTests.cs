using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Execution;
using AmiCmdlets.Engine.Images;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>Reaching each account of a fleet once, and what a fleet does when one account or region fails.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AccountReachTests(LocalAwsFixture localAws)
{
    private const string Unknown = "999988887777";

    private static string Role(string account) => "arn:aws:iam::" + account + ":role/AmiAdmin";

    private IReadOnlyList<ResolvedConnection> Fleet(AwsClientFactory factory, string[] regions, params string[] accounts) =>
        factory.Resolver.ResolveFleet(new ConnectionSettings
        {
            Regions = regions,
            RoleArns = accounts.Select(Role).ToList(),
            Credential = new AccessKeyCredential(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey),
            EndpointUrl = localAws.Url,
            MaxAttempts = 2,
        }, null);

    [Fact]
    public async Task EachRoleIsAssumedOnceAndAnUnknownAccountIsOneErrorWhileTheOthersAreReached()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var places = Fleet(factory, ["us-east-1", "eu-west-1", "ap-south-1"], LocalAwsAccounts.AccountB, Unknown, LocalAwsAccounts.AccountC);
        IReadOnlyList<ResolvedConnection> reached = [];
        var events = await LocalAwsFixture.CollectAsync(async (e, t) => reached = await new AccountReach(factory).ReachAsync(places, e, t));

        Assert.Equal(6, reached.Count);
        Assert.Equal([LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC], reached.Select(p => p.AccountId).Distinct());
        var error = Assert.Single(events.OfType<ErrorEvent>()).Error;
        Assert.Equal(ErrorIds.AccountUnreachable, error.ErrorId);
        Assert.Equal(Unknown, error.Target);
        Assert.Contains(Role(Unknown), error.Message);
        Assert.Equal(3, await localAws.Control.CountCallsAsync("AssumeRole"));

        // A second command of the session reuses the sessions.
        await LocalAwsFixture.CollectAsync((e, t) => new AccountReach(factory).ReachAsync(places, e, t));
        Assert.Equal(4, await localAws.Control.CountCallsAsync("AssumeRole")); // only the refused one is asked again
    }

    [Fact]
    public async Task OneAccountAloneThatCannotBeReachedStopsTheCommand()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var error = await Assert.ThrowsAsync<AmiOperationException>(() =>
            LocalAwsFixture.CollectAsync((e, t) => new AccountReach(factory).ReachAsync(Fleet(factory, ["us-east-1"], Unknown), e, t)));
        Assert.Equal(ErrorIds.AccountUnreachable, error.ErrorId);
    }

    [Fact]
    public async Task AnOptInRegionAnAccountHasNotEnabledIsOneErrorPerAccountAndTheRegionIsLeftOut()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var places = Fleet(factory, ["us-east-1", "af-south-1"], LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC);
        IReadOnlyList<ResolvedConnection> reached = [];
        var events = await LocalAwsFixture.CollectAsync(async (e, t) => reached = await new AccountReach(factory).ReachAsync(places, e, t));

        Assert.Equal(["us-east-1"], reached.Select(p => p.Region).Distinct());
        var errors = events.OfType<ErrorEvent>().Select(e => e.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(ErrorIds.RegionNotEnabled, e.ErrorId));
        Assert.Equal([LocalAwsAccounts.AccountB + "/af-south-1", LocalAwsAccounts.AccountC + "/af-south-1"], errors.Select(e => e.Target!).Order());
    }

    [Fact]
    public async Task ARegionDownInAFleetIsThatPlacesErrorAndEveryOtherPlaceFinishes()
    {
        await localAws.Control.ResetAsync();
        foreach (var account in new[] { LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC })
            foreach (var region in new[] { "us-east-1", "eu-west-1" })
                await localAws.Control.SeedAsync(new SeedRequest { Account = account, Region = region, Images = [new SeedImage { Name = "web-" + account + "-" + region }] });
        // Half of account B's calls throttled, and eu-west-1 down for everyone.
        await localAws.Control.SetFaultsAsync(new FaultSettings
        {
            Throttle = new ThrottleFault { Account = LocalAwsAccounts.AccountB, Fraction = 0.5, Seed = 7 },
            UnavailableRegions = ["eu-west-1"],
        });
        try
        {
            var factory = LocalAwsFixture.IsolatedFactory();
            var places = Fleet(factory, ["us-east-1", "eu-west-1"], LocalAwsAccounts.AccountB, LocalAwsAccounts.AccountC);
            var events = await LocalAwsFixture.CollectAsync(async (e, t) =>
            {
                var reached = await new AccountReach(factory).ReachAsync(places, e, t);
                await new AmiFinder(factory).FindAsync(reached, new ImageQuery { Names = ["web-*"] }, e, t);
            });
            var found = events.OfType<OutputEvent>().Select(e => (Ami)e.Item).ToList();
            Assert.Equal(["web-" + LocalAwsAccounts.AccountB + "-us-east-1", "web-" + LocalAwsAccounts.AccountC + "-us-east-1"], found.Select(a => a.Name).Order());
            Assert.All(found, a => Assert.Equal(a.OwnerId, a.AccountId));
            var errors = events.OfType<ErrorEvent>().Select(e => e.Error).ToList();
            Assert.Equal([LocalAwsAccounts.AccountB + "/eu-west-1", LocalAwsAccounts.AccountC + "/eu-west-1"], errors.Select(e => e.Target!).Order());
        }
        finally
        {
            await localAws.Control.ClearFaultsAsync();
        }
    }
}
