using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Input;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets.Tests;

/// <summary>
/// Every id, account, ARN, URL and region parameter of every cmdlet refuses a trailing line break, upper
/// case, an empty string and a 10,000-character value at binding, with a message that says what a valid
/// value looks like, before LocalAws sees a single call.
/// </summary>
public sealed class IdParameterTests : IClassFixture<HostedLocalAws>
{
    private const string Image = "ami-0123456789abcdef0";
    private const string Account = "111122223333";
    private const string OrgArn = "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5";
    private const string OuArn = "arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6";

    private readonly HostedLocalAws _aws;

    public IdParameterTests(HostedLocalAws aws) => _aws = aws;

    /// <summary>The parameters the other mandatory ones need, so only the one under test can fail.</summary>
    private static Dictionary<string, object?> Baseline(string command) => command switch
    {
        "Get-Ami" => new() { ["Region"] = new[] { "us-east-1" } },
        "Copy-AmiToRegion" => new() { ["ImageId"] = Image, ["Region"] = "us-east-1", ["DestinationRegion"] = new[] { "eu-west-1" } },
        "New-GoldenAmi" => new() { ["InstanceId"] = "i-0123456789abcdef0", ["Name"] = "golden-{date}", ["Region"] = "us-east-1" },
        "Remove-OrphanedAmiSnapshot" => new() { ["SnapshotId"] = new[] { "snap-0123456789abcdef0" }, ["Region"] = "us-east-1", ["Confirm"] = false },
        "Set-AmiDeprecation" => new() { ["ImageId"] = new[] { Image }, ["Region"] = "us-east-1", ["Clear"] = true },
        "Grant-AmiLaunchPermission" => new() { ["ImageId"] = new[] { Image }, ["Region"] = "us-east-1", ["AccountId"] = new[] { Account } },
        "Revoke-AmiLaunchPermission" => new() { ["ImageId"] = new[] { Image }, ["Region"] = "us-east-1", ["AccountId"] = new[] { Account } },
        "Remove-AmiWithSnapshots" => new() { ["ImageId"] = new[] { Image }, ["Region"] = "us-east-1", ["Confirm"] = false },
        "Find-StaleAmi" or "Find-OrphanedAmiSnapshot" => new() { ["Region"] = new[] { "us-east-1" } },
        "Get-AmiContext" => new() { ["Region"] = "us-east-1" },
        "Set-AmiContext" => new(),
        _ => new() { ["ImageId"] = new[] { Image }, ["Region"] = "us-east-1" },
    };

    /// <summary>(command, parameter, a valid value, what the message must say a valid value looks like).</summary>
    public static TheoryData<string, string, string, string> Parameters()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var command in new[] { "Wait-Ami", "Remove-AmiWithSnapshots", "Set-AmiDeprecation", "Disable-Ami", "Enable-Ami",
                     "Enable-AmiDeregistrationProtection", "Disable-AmiDeregistrationProtection", "Get-AmiLaunchPermission",
                     "Grant-AmiLaunchPermission", "Revoke-AmiLaunchPermission", "Get-Ami", "Copy-AmiToRegion" })
        {
            data.Add(command, "ImageId", Image, "ami-0123456789abcdef0");
        }
        foreach (var command in new[] { "Wait-Ami", "Get-Ami", "Copy-AmiToRegion", "New-GoldenAmi", "Remove-OrphanedAmiSnapshot",
                     "Find-StaleAmi", "Find-OrphanedAmiSnapshot", "Get-AmiContext", "Set-AmiContext", "Remove-AmiWithSnapshots" })
        {
            data.Add(command, "Region", "us-east-1", "us-east-1");
        }
        data.Add("Copy-AmiToRegion", "DestinationRegion", "eu-west-1", "us-east-1");
        data.Add("Get-Ami", "Owner", "self", "111122223333");
        data.Add("Get-Ami", "ExecutableBy", "self", "111122223333");
        data.Add("New-GoldenAmi", "InstanceId", "i-0123456789abcdef0", "i-0123456789abcdef0");
        data.Add("Remove-OrphanedAmiSnapshot", "SnapshotId", "snap-0123456789abcdef0", "snap-0123456789abcdef0");
        foreach (var command in new[] { "Grant-AmiLaunchPermission", "Revoke-AmiLaunchPermission" })
        {
            data.Add(command, "AccountId", Account, "111122223333");
            data.Add(command, "OrganizationArn", OrgArn, "organization/o-");
            data.Add(command, "OrganizationalUnitArn", OuArn, "ou/o-");
            data.Add(command, "Principal", Account, "111122223333");
        }
        data.Add("Get-Ami", "RoleArn", "arn:aws:iam::123456789012:role/ami-admin", "arn:aws:iam::111122223333:role/");
        data.Add("Get-Ami", "EndpointUrl", "http://127.0.0.1:4566/", "http://");
        data.Add("Get-Ami", "ExternalId", "7f3c9a2e-team-web", "7f3c9a2e-team-web");
        data.Add("Get-Ami", "RoleName", "AmiAdmin", "AmiAdmin");
        data.Add("Get-Ami", "RoleAccountId", Account, "111122223333");
        data.Add("Get-Ami", "ProfileName", "prod", "~/.aws/config");
        return data;
    }

    // Upper case is no spoiling for digits only, a URL (scheme and host are case-insensitive) or an external id.
    public static IEnumerable<object[]> BadValues() => Parameters().SelectMany(row =>
        new[] { "newline", "upper", "empty", "huge" }
            .Where(how => how != "upper" || ((string)row[2]).ToUpperInvariant() != (string)row[2] && (string)row[1] is not ("EndpointUrl" or "ExternalId" or "RoleName" or "ProfileName"))
            .Select(how => new[] { row[0], row[1], row[2], row[3], how }));

    private static string Spoil(string valid, string how) => how switch
    {
        "newline" => valid + "\n",
        "upper" => valid.ToUpperInvariant(),
        "empty" => "",
        _ => valid + new string('a', 10_000),
    };

    private static object Shape(string command, string parameter, string value)
    {
        var type = typeof(GetAmiCommand).Assembly.GetTypes().Single(t => t.GetCustomAttribute<CmdletAttribute>() is { } c && c.VerbName + "-" + c.NounName == command);
        return type.GetProperty(parameter)!.PropertyType == typeof(string[]) ? new[] { value } : value;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task RefusedAtBindingBeforeAnyCall(string command, string parameter, string valid, string example, string how)
    {
        var before = await _aws.TotalCallsAsync();
        var parameters = Baseline(command);
        parameters[parameter] = Shape(command, parameter, Spoil(valid, how));
        var error = _aws.FirstError(command, parameters);

        Assert.NotNull(error);
        Assert.StartsWith("ParameterArgumentValidationError", error!.FullyQualifiedErrorId);
        Assert.Equal(before, await _aws.TotalCallsAsync());
        if (how != "empty")
        {
            // What a valid value looks like, never the raw pattern.
            Assert.Contains(example, error.Exception.Message);
            Assert.DoesNotContain("does not match the", error.Exception.Message);
            Assert.True(error.Exception.Message.Length < 1200, "the message repeats a 10,000-character value: " + error.Exception.Message.Length);
        }
    }

    [Theory]
    [InlineData("OrganizationArn", OuArn, "-OrganizationalUnitArn")]
    [InlineData("OrganizationalUnitArn", OrgArn, "-OrganizationArn")]
    [InlineData("AccountId", OrgArn, "-OrganizationArn")]
    public async Task AnArnOfTheOtherKindSaysWhichParameterTakesIt(string parameter, string value, string hint)
    {
        var before = await _aws.TotalCallsAsync();
        var parameters = Baseline("Grant-AmiLaunchPermission");
        parameters.Remove("AccountId");
        parameters[parameter] = new[] { value };
        var error = _aws.FirstError("Grant-AmiLaunchPermission", parameters);
        Assert.StartsWith("ParameterArgumentValidationError,", error?.FullyQualifiedErrorId);
        Assert.Contains("pass it to " + hint, error!.Exception.Message);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Fact]
    public async Task TheConsolesAccountIdFormatIsAccepted()
    {
        var seeded = await _aws.Server.Control.SeedAsync(new LocalAws.SeedRequest { Region = "us-east-1", Images = [new LocalAws.SeedImage { Name = "console-" + Guid.NewGuid().ToString("N")[..8] }] });
        var grant = Baseline("Grant-AmiLaunchPermission");
        grant["ImageId"] = new[] { seeded.ImageIds[0] };
        grant["AccountId"] = new[] { "1111-2222-3333" };
        grant["SkipSnapshotPermission"] = true;
        grant["Confirm"] = false;
        Assert.Null(_aws.FirstError("Grant-AmiLaunchPermission", grant));

        using var shell = PowerShellHost.Create();
        var permissions = shell.AddCommand("Get-AmiLaunchPermission").AddParameter("ImageId", new[] { seeded.ImageIds[0] }).AddParameter("Region", "us-east-1")
            .AddParameter("EndpointUrl", _aws.EndpointUrl).AddParameter("Credential", HostedLocalAws.Key()).Invoke();
        Assert.Contains(permissions, p => ((AmiLaunchPermission)p.BaseObject).Principal == Account);
    }

    [Theory]
    [InlineData("Copy-AmiToRegion", "KmsKeyId", "alias/golden\n", "InvalidKmsKeyId")]
    [InlineData("Copy-AmiToRegion", "Name", "web-{date}\n", "InvalidAmiName")]
    [InlineData("New-GoldenAmi", "Name", "web-{date}\n", "InvalidAmiName")]
    public async Task OtherShapesAreAnchoredAtTheEndToo(string command, string parameter, string value, string errorId)
    {
        var before = await _aws.TotalCallsAsync();
        var parameters = Baseline(command);
        parameters[parameter] = value;
        var error = _aws.FirstError(command, parameters);
        Assert.Equal(errorId + ",AmiCmdlets." + command.Replace("-", "") + "Command", error?.FullyQualifiedErrorId);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    /// <summary>
    /// Pester's Mock copies a cmdlet's parameters with ProxyCommand, which keeps only built-in attributes
    /// (ValidatePattern, ValidateSet, ...) and drops [ValidateResourceId] and [AccountIdTransformation]. So every
    /// such parameter also carries its kind's pattern, after the friendly check (PowerShell validates in the
    /// order GetCustomAttributes returns, which is the declaration order): the real cmdlet says what a valid
    /// value looks like and never shows the pattern; a mock still refuses a malformed id.
    /// </summary>
    [Fact]
    public void EveryIdParameterCarriesItsKindsPatternAfterTheFriendlyCheck()
    {
        var problems = new List<string>();
        var kinds = new HashSet<ResourceIdKind>();
        foreach (var property in typeof(GetAmiCommand).Assembly.GetTypes().SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            var name = property.DeclaringType!.Name + "." + property.Name;
            var attributes = property.GetCustomAttributes(false).ToList();
            var friendly = attributes.FindIndex(a => a is ValidateResourceIdAttribute);
            var patterns = attributes.Select((a, i) => (a, i)).Where(x => x.a is ValidatePatternAttribute).ToList();
            if (friendly < 0)
            {
                if (patterns.Count > 0) problems.Add(name + ": a ValidatePattern without [ValidateResourceId] before it shows users a regex");
                continue;
            }
            var rule = ResourceIds.For(((ValidateResourceIdAttribute)attributes[friendly]).Kind);
            kinds.Add(rule.Kind);
            if (((ValidateResourceIdAttribute)attributes[friendly]).AllowNull)
            {
                // Bound from piped objects that may carry null (-RoleArn, -ProfileName): a pattern would refuse it.
                if (patterns.Count > 0) problems.Add(name + ": takes null from piped objects, which a ValidatePattern refuses");
                continue;
            }
            if (patterns.Count != 1) problems.Add(name + ": needs exactly one ValidatePattern(ResourceIds." + rule.Kind + "Pattern) for mocks");
            else if (patterns[0].i < friendly) problems.Add(name + ": the ValidatePattern comes before [ValidateResourceId] and would show its regex");
            else if (((ValidatePatternAttribute)patterns[0].a).RegexPattern != rule.Pattern) problems.Add(name + ": its ValidatePattern is not ResourceIds." + rule.Kind + "Pattern");
            // The pattern takes the console's account format for a mock, which the rule leaves to the transformation.
            if (Regex.IsMatch("1111-2222-3333", rule.Pattern) && !rule.IsValid("1111-2222-3333") && !attributes.Any(a => a is AccountIdTransformationAttribute))
                problems.Add(name + ": the pattern takes the console's account format, but nothing turns it into 12 digits");
        }
        Assert.Empty(problems);
        Assert.Equal(Enum.GetValues<ResourceIdKind>().Order(), kinds.Order());
    }

    /// <summary>(command, parameter, value, whether a mock of the command must take it). Regions are not checked by a mock.</summary>
    public static IEnumerable<object[]> MockedValues() => Parameters()
        // Nor are -RoleArn and -ProfileName, which take null from piped objects (README, Pester section).
        .Where(row => (string)row[1] is not ("Region" or "DestinationRegion" or "RoleArn" or "ProfileName"))
        .SelectMany(row => new[] { "newline", "empty", "huge" }
            .Select(how => new object[] { row[0], row[1], Spoil((string)row[2], how), false })
            .Append(new object[] { row[0], row[1], row[2], true })
            .Concat((string)row[1] is "AccountId" or "Principal" ? new[] { new object[] { row[0], row[1], "1111-2222-3333", true } } : []));

    /// <summary>A function with the param block Pester's Mock builds refuses malformed ids and takes valid ones.</summary>
    [Theory]
    [MemberData(nameof(MockedValues))]
    public void AMockOfTheCmdletStillChecksIds(string command, string parameter, string value, bool accepted)
    {
        var type = typeof(GetAmiCommand).Assembly.GetTypes().Single(t => t.GetCustomAttribute<CmdletAttribute>() is { } c && c.VerbName + "-" + c.NounName == command);
        var metadata = new CommandMetadata(type);
        using var shell = PowerShellHost.Create();
        shell.AddScript("function global:Mocked { " + ProxyCommand.GetCmdletBindingAttribute(metadata) + " param(" + ProxyCommand.GetParamBlock(metadata) + ") }").Invoke();
        shell.Commands.Clear();
        shell.AddCommand("Mocked");
        var parameters = Baseline(command);
        parameters[parameter] = Shape(command, parameter, value);
        foreach (var (name, argument) in parameters) shell.AddParameter(name, argument);
        ErrorRecord? error = null;
        try
        {
            shell.Invoke();
            error = shell.Streams.Error.FirstOrDefault();
        }
        catch (RuntimeException thrown)
        {
            error = thrown.ErrorRecord;
        }
        if (accepted) Assert.Null(error);
        else Assert.StartsWith("ParameterArgumentValidationError", error?.FullyQualifiedErrorId);
    }
}
