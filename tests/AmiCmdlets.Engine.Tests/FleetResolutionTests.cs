using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Tests;

/// <summary>How settings of several regions, roles and profiles become places, all decided without a call.</summary>
public sealed class FleetResolutionTests
{
    private static readonly ConnectionResolver Resolver = new(_ => null, _ => null);
    private static readonly AccessKeyCredential Keys = new("AKIAEXAMPLEFLEET0001", "fleet-secret");

    private static IReadOnlyList<ResolvedConnection> Fleet(ConnectionSettings parameters, ConnectionSettings? context = null) =>
        Resolver.ResolveFleet(parameters, context ?? new ConnectionSettings { Credential = Keys });

    [Fact]
    public void EveryRoleInEveryRegionInTheOrderGiven()
    {
        var places = Fleet(new ConnectionSettings
        {
            Regions = ["us-east-1", "eu-west-1"],
            RoleArns = ["arn:aws:iam::111122223333:role/AmiAdmin", "arn:aws:iam::444455556666:role/AmiAdmin"],
        });
        Assert.Equal(
            ["111122223333/us-east-1", "444455556666/us-east-1", "111122223333/eu-west-1", "444455556666/eu-west-1"],
            places.Select(PlaceFanOut.NameOf));
        Assert.All(places, p => Assert.True(p.InFleet));
        Assert.Equal(2, places.Select(p => p.IdentityKey).Distinct().Count());
    }

    [Fact]
    public void ARoleNameWithAccountsFollowsEachRegionsPartition()
    {
        var places = Fleet(new ConnectionSettings { Regions = ["us-east-1", "cn-north-1", "us-gov-west-1"], RoleName = "platform/AmiAdmin", RoleAccountIds = ["111122223333"] });
        Assert.Equal(
            ["arn:aws:iam::111122223333:role/platform/AmiAdmin", "arn:aws-cn:iam::111122223333:role/platform/AmiAdmin", "arn:aws-us-gov:iam::111122223333:role/platform/AmiAdmin"],
            places.Select(p => p.RoleArn));
        Assert.All(places, p => Assert.Equal("111122223333", p.AccountId));
    }

    [Fact]
    public void ARoleArnOfAnotherPartitionIsRefusedWithTheRightArn()
    {
        var error = Assert.Throws<AmiOperationException>(() => Fleet(new ConnectionSettings { Region = "cn-north-1", RoleArn = "arn:aws:iam::111122223333:role/AmiAdmin" }));
        Assert.Equal("RolePartitionMismatch", error.ErrorId);
        Assert.Contains("arn:aws-cn:iam::111122223333:role/AmiAdmin", error.Message);
    }

    [Fact]
    public void SeveralProfilesWithRolesAreAmbiguous()
    {
        var profiles = new ConnectionResolver(_ => null, name => new Amazon.Runtime.CredentialManagement.CredentialProfile(name,
            new Amazon.Runtime.CredentialManagement.CredentialProfileOptions { AccessKey = "AKIA" + name, SecretKey = "s" }));
        var error = Assert.Throws<AmiOperationException>(() => profiles.ResolveFleet(
            new ConnectionSettings { Region = "us-east-1", ProfileNames = ["prod", "staging"], RoleArn = "arn:aws:iam::111122223333:role/AmiAdmin" }, null));
        Assert.Equal("FleetAmbiguous", error.ErrorId);
        Assert.Contains("prod, staging", error.Message);
    }

    [Fact]
    public void SeveralProfilesAreSeveralIdentitiesEachNamedByItsProfileUntilItsAccountIsKnown()
    {
        var profiles = new ConnectionResolver(_ => null, name => new Amazon.Runtime.CredentialManagement.CredentialProfile(name,
            new Amazon.Runtime.CredentialManagement.CredentialProfileOptions { AccessKey = "AKIA" + name, SecretKey = "s" }));
        var places = profiles.ResolveFleet(new ConnectionSettings { Region = "us-east-1", ProfileNames = ["prod", "staging", "prod"] }, null);
        Assert.Equal(["profile prod/us-east-1", "profile staging/us-east-1"], places.Select(PlaceFanOut.NameOf));
        Assert.Equal(["prod", "staging"], places.Select(p => p.NamedProfile));
        Assert.Equal("111122223333/us-east-1", PlaceFanOut.NameOf(places[0].WithAccount("111122223333")));
    }

    [Fact]
    public void OneIdentityAloneIsNotAFleetAndItsPlacesAreNamedByRegion()
    {
        var places = Fleet(new ConnectionSettings { Regions = ["us-east-1", "eu-west-1"] });
        Assert.Equal(["us-east-1", "eu-west-1"], places.Select(PlaceFanOut.NameOf));
        Assert.All(places, p => Assert.False(p.InFleet));
    }

    [Fact]
    public void TheContextsFleetAppliesUnlessTheCommandNamesItsOwnRoles()
    {
        var context = new ConnectionSettings
        {
            Credential = Keys,
            Regions = ["us-east-1", "eu-west-1"],
            RoleArns = ["arn:aws:iam::111122223333:role/AmiAdmin", "arn:aws:iam::444455556666:role/AmiAdmin"],
            ExternalId = "team-web",
        };
        var fromContext = Fleet(new ConnectionSettings(), context);
        Assert.Equal(4, fromContext.Count);
        Assert.All(fromContext, p => Assert.Equal("team-web", p.ExternalId));

        var own = Fleet(new ConnectionSettings { Region = "ap-south-1", RoleArn = "arn:aws:iam::777788889999:role/Other" }, context);
        Assert.Equal(["777788889999/ap-south-1"], own.Select(PlaceFanOut.NameOf));
        Assert.Null(own[0].ExternalId);
    }

    [Fact]
    public void APipedRoleKeepsTheExternalIdItWasAssumedWithEarlierInTheSession()
    {
        var resolver = new ConnectionResolver(_ => null, _ => null);
        var context = new ConnectionSettings { Credential = Keys, Region = "us-east-1" };
        resolver.ResolveFleet(new ConnectionSettings { RoleArn = "arn:aws:iam::111122223333:role/AmiAdmin", ExternalId = "team-web" }, context);
        var piped = resolver.ResolveFleet(new ConnectionSettings { RoleArn = "arn:aws:iam::111122223333:role/AmiAdmin" }, context);
        Assert.Equal("team-web", piped[0].ExternalId);
        Assert.Null(resolver.ResolveFleet(new ConnectionSettings { RoleArn = "arn:aws:iam::444455556666:role/AmiAdmin" }, context)[0].ExternalId);
        resolver.Forget();
        Assert.Null(resolver.ResolveFleet(new ConnectionSettings { RoleArn = "arn:aws:iam::111122223333:role/AmiAdmin" }, context)[0].ExternalId);
    }

    [Fact]
    public void ThousandAndOneAccountsResolveWithoutACallAndWithoutDuplicates()
    {
        var accounts = Enumerable.Range(0, 1001).Select(i => (100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var places = Fleet(new ConnectionSettings { Regions = ["us-east-1", "us-east-1"], RoleName = "AmiAdmin", RoleAccountIds = accounts.Concat(accounts).ToList() });
        Assert.Equal(1001, places.Count);
        Assert.Equal(1001, places.Select(p => p.PlaceKey).Distinct().Count());
    }

    [Fact]
    public void PartitionsOfRegions()
    {
        Assert.Equal(("aws", "aws-cn", "aws-us-gov"), (AwsPartition.Of("eu-west-1"), AwsPartition.Of("cn-northwest-1"), AwsPartition.Of("us-gov-east-1")));
        Assert.True(AwsPartition.EnabledByDefault("eu-north-1"));
        Assert.False(AwsPartition.EnabledByDefault("af-south-1"));
        Assert.Equal("cn-north-1", AwsPartition.AlwaysEnabledRegion("cn-northwest-1"));
    }
}
