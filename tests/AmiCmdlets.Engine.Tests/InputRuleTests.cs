using System.Text.RegularExpressions;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Tests;

/// <summary>The one definition of ids, accounts, ARNs, URLs, regions and tags the module takes.</summary>
public sealed class InputRuleTests
{
    public static TheoryData<ResourceIdKind, string> Valid() => new()
    {
        { ResourceIdKind.ImageId, "ami-0123456789abcdef0" }, { ResourceIdKind.ImageId, "ami-01234567" },
        { ResourceIdKind.ImageIdOrWildcard, "ami-0123*" }, { ResourceIdKind.ImageIdOrWildcard, "ami-0123456789abcdef0" },
        { ResourceIdKind.InstanceId, "i-0123456789abcdef0" }, { ResourceIdKind.SnapshotId, "snap-01234567" },
        { ResourceIdKind.AccountId, "111122223333" }, { ResourceIdKind.Owner, "aws-backup-vault" }, { ResourceIdKind.ExecutableBy, "all" },
        { ResourceIdKind.OrganizationArn, "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5" },
        { ResourceIdKind.OrganizationalUnitArn, "arn:aws-us-gov:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6" },
        { ResourceIdKind.LaunchPermissionPrincipal, "all" }, { ResourceIdKind.RoleArn, "arn:aws:iam::111122223333:role/team/ami-admin" },
        { ResourceIdKind.EndpointUrl, "HTTP://127.0.0.1:4566/" }, { ResourceIdKind.ExternalId, "Team:Web/7f3c9a2e" },
    };

    public static TheoryData<ResourceIdKind, string> Invalid() => new()
    {
        { ResourceIdKind.ImageId, "ami-0123456789abcdef0\n" }, { ResourceIdKind.ImageId, "AMI-0123456789ABCDEF0" }, { ResourceIdKind.ImageId, "" },
        { ResourceIdKind.ImageId, "ami-0123456789abcdef0" + new string('0', 10_000) }, { ResourceIdKind.ImageIdOrWildcard, "ami-*\n" },
        { ResourceIdKind.AccountId, "١١١١٢٢٢٢٣٣٣٣" }, { ResourceIdKind.AccountId, "111122223333\n" }, { ResourceIdKind.Owner, "SELF" },
        { ResourceIdKind.RoleArn, "arn:aws:iam::111122223333:role/" + new string('r', 65) }, { ResourceIdKind.EndpointUrl, "http://127.0.0.1:4566/\n" },
        { ResourceIdKind.EndpointUrl, "ftp://example.com/" }, { ResourceIdKind.EndpointUrl, "http://x/" + new string('a', 2048) },
        { ResourceIdKind.ExternalId, "x" }, { ResourceIdKind.ExternalId, "team web" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void ValidValuesPass(ResourceIdKind kind, string value) => Assert.Null(ResourceIds.For(kind).Problem(value));

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidValuesSayWhatAValidOneLooksLikeInAShortMessage(ResourceIdKind kind, string value)
    {
        var rule = ResourceIds.For(kind);
        var problem = rule.Problem(value);
        Assert.NotNull(problem);
        Assert.Contains("expected", problem);
        Assert.DoesNotContain("\n", problem);
        Assert.True(problem!.Length < 600);
        Assert.Equal(rule.ErrorId, Assert.Throws<AmiOperationException>(() => rule.Require(value)).ErrorId);
    }

    /// <summary>
    /// A Pester mock keeps only built-in validation attributes, so every id parameter also carries its kind's
    /// Pattern in a ValidatePattern, which PowerShell matches ignoring case. It must let through whatever the
    /// real cmdlet takes (or a test refuses what production accepts), the console's account format included,
    /// which a mock does not transform.
    /// </summary>
    [Theory]
    [MemberData(nameof(Valid))]
    [MemberData(nameof(ConsoleAccountIds))]
    public void ThePatternForMocksTakesEveryValueTheRuleTakes(ResourceIdKind kind, string value) =>
        Assert.Matches(new Regex(ResourceIds.For(kind).Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), value);

    public static TheoryData<ResourceIdKind, string> ConsoleAccountIds() => new()
    {
        { ResourceIdKind.AccountId, "1111-2222-3333" }, { ResourceIdKind.Owner, "1111-2222-3333" },
        { ResourceIdKind.ExecutableBy, "1111-2222-3333" }, { ResourceIdKind.LaunchPermissionPrincipal, "1111-2222-3333" },
    };

    /// <summary>What a mock still refuses: everything the rule refuses except upper case (ValidatePattern ignores case).</summary>
    [Theory]
    [MemberData(nameof(Invalid))]
    [InlineData(ResourceIdKind.ImageId, "ami-123")]
    [InlineData(ResourceIdKind.AccountId, "1111-2222-333")]
    [InlineData(ResourceIdKind.OrganizationArn, "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5\n")]
    [InlineData(ResourceIdKind.EndpointUrl, "127.0.0.1:4566")]
    public void ThePatternForMocksRefusesMalformedValues(ResourceIdKind kind, string value)
    {
        var pattern = new Regex(ResourceIds.For(kind).Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (ResourceIds.For(kind).IsValid(value.ToLowerInvariant())) return;
        Assert.DoesNotMatch(pattern, value);
    }

    [Fact]
    public void EveryKindHasItsRule()
    {
        foreach (var kind in Enum.GetValues<ResourceIdKind>()) Assert.Equal(kind, ResourceIds.For(kind).Kind);
    }

    [Fact]
    public void UpperCaseAndLineBreaksGetAHint()
    {
        Assert.Contains("use 'ami-0123456789abcdef0'", ResourceIds.For(ResourceIdKind.ImageId).Problem("AMI-0123456789ABCDEF0"));
        Assert.Contains("trim it", ResourceIds.For(ResourceIdKind.ImageId).Problem("ami-0123456789abcdef0\n"));
        Assert.Contains("'ami-0123456789abcdef0`n'", ResourceIds.For(ResourceIdKind.ImageId).Problem("ami-0123456789abcdef0\n"));
    }

    [Fact]
    public void AnArnOfTheOtherKindSaysWhichParameterTakesIt()
    {
        const string ou = "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6";
        const string org = "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5";
        Assert.Contains("-OrganizationalUnitArn", ResourceIds.For(ResourceIdKind.OrganizationArn).Problem(ou));
        Assert.Contains("-OrganizationArn", ResourceIds.For(ResourceIdKind.OrganizationalUnitArn).Problem(org));
        Assert.Contains("-OrganizationArn", ResourceIds.For(ResourceIdKind.AccountId).Problem(org));
    }

    [Fact]
    public void TheConsolesAccountIdFormatIsNormalised()
    {
        Assert.Equal("111122223333", ResourceIds.NormalizeAccountId("1111-2222-3333"));
        Assert.Equal("1111-2222-333", ResourceIds.NormalizeAccountId("1111-2222-333"));
        Assert.Equal("111122223333", SharingPrincipals.AccountId("1111-2222-3333").Value);
        Assert.Equal("111122223333", SharingPrincipals.Parse("1111-2222-3333").Value);
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("eusc-de-east-1", true)]
    [InlineData("us-east-3", true)]       // the next number in its area: a region newer than the SDK
    [InlineData("ap-southeast-8", true)]
    [InlineData("xx-north-1", true)]      // the first of a new area
    [InlineData("us-east-9", false)]
    [InlineData("xx-north-2", false)]
    [InlineData("eu-west-0", false)]
    public void KnownOrNextInItsArea(string region, bool plausible) => Assert.Equal(plausible, KnownRegions.IsPlausible(region));

    [Theory]
    [InlineData("us-east-1\n")]
    [InlineData("US-EAST-1")]
    [InlineData("us-eats-1")]
    [InlineData("")]
    public void MalformedRegionNamesAreRefusedWithAnExample(string region)
    {
        Assert.False(RegionName.IsValid(region));
        Assert.Contains("us-east-1", RegionName.Problem(region));
    }

    [Fact]
    public void TagRulesAreEc2s()
    {
        Assert.Null(TagRules.Problem(new string('k', 128), new string('v', 256), toWrite: true));
        Assert.Null(TagRules.Problem("Team", "", toWrite: true));
        Assert.Contains("128", TagRules.Problem(new string('k', 129), "v", toWrite: true));
        Assert.Contains("256", TagRules.Problem("k", new string('v', 257), toWrite: true));
        Assert.Contains("aws:", TagRules.Problem("AWS:cloudformation:stack-name", "v", toWrite: true));
        Assert.Null(TagRules.Problem("aws:cloudformation:stack-name", "v", toWrite: false));
        Assert.Contains("$null", TagRules.Problem("Team", null, toWrite: true));
        Assert.Null(TagRules.CountProblem(50, "x"));
        Assert.Contains("at most 50", TagRules.CountProblem(51, "x"));
    }
}
