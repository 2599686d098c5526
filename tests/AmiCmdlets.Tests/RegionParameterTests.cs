namespace AmiCmdlets.Tests;

/// <summary>
/// A region AWS does not have is UnknownRegion and one the account has not enabled is RegionNotEnabled,
/// never AwsAuthenticationFailed ("check your keys").
/// </summary>
public sealed class RegionParameterTests : IClassFixture<HostedLocalAws>
{
    private readonly HostedLocalAws _aws;

    public RegionParameterTests(HostedLocalAws aws) => _aws = aws;

    [Theory]
    [InlineData("Set-AmiContext")]
    [InlineData("Get-Ami")]
    [InlineData("Get-AmiContext")]
    [InlineData("Find-StaleAmi")]
    [InlineData("Wait-Ami")]
    [InlineData("Find-BaseAmi")]
    [InlineData("Test-AmiTrust")]
    public async Task ATypoIsUnknownRegionBeforeAnyCall(string command)
    {
        var before = await _aws.TotalCallsAsync();
        var parameters = new Dictionary<string, object?>
        {
            ["Region"] = command is "Get-Ami" or "Find-StaleAmi" or "Find-BaseAmi" ? new[] { "us-east-9" } : "us-east-9",
        };
        if (command is "Wait-Ami" or "Test-AmiTrust") parameters["ImageId"] = new[] { "ami-0123456789abcdef0" };
        if (command == "Find-BaseAmi") parameters["OperatingSystem"] = "Ubuntu2404";
        var error = _aws.FirstError(command, parameters);
        Assert.NotNull(error);
        Assert.Equal("UnknownRegion,AmiCmdlets." + command.Replace("-", "") + "Command", error!.FullyQualifiedErrorId);
        Assert.Contains("us-east-1, us-east-2", error.Exception.Message);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Fact]
    public async Task ADestinationTypoIsUnknownRegionBeforeAnyCall()
    {
        var before = await _aws.TotalCallsAsync();
        var error = _aws.FirstError("Copy-AmiToRegion", new Dictionary<string, object?>
            { ["ImageId"] = "ami-0123456789abcdef0", ["Region"] = "us-east-1", ["DestinationRegion"] = new[] { "eu-west-1", "eu-west-9" } });
        Assert.Equal("UnknownRegion,AmiCmdlets.CopyAmiToRegionCommand", error?.FullyQualifiedErrorId);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Fact]
    public void AWellFormedNameAwsDoesNotListIsUnknownRegionAfterOneCheck()
    {
        // us-east-3 could be a region newer than the SDK, so it is tried; AWS refuses its signature scope.
        var error = _aws.FirstError("Get-Ami", new Dictionary<string, object?> { ["Region"] = new[] { "us-east-3" } });
        Assert.Equal("UnknownRegion,AmiCmdlets.GetAmiCommand", error?.FullyQualifiedErrorId);
        Assert.Contains("DescribeRegions", error!.Exception.Message);
    }

    [Theory]
    [InlineData("Get-Ami")]
    [InlineData("Get-AmiContext")]
    [InlineData("Wait-Ami")]
    public void ARegionTheAccountHasNotEnabledIsRegionNotEnabled(string command)
    {
        var parameters = new Dictionary<string, object?> { ["Region"] = command == "Get-Ami" ? new[] { "af-south-1" } : "af-south-1" };
        if (command == "Wait-Ami") parameters["ImageId"] = new[] { "ami-0123456789abcdef0" };
        var error = _aws.FirstError(command, parameters);
        Assert.Equal("RegionNotEnabled,AmiCmdlets." + command.Replace("-", "") + "Command", error?.FullyQualifiedErrorId);
        Assert.Contains("enable-region --region-name af-south-1", error!.Exception.Message);
    }

    [Fact]
    public async Task ACopyToARegionTheAccountHasNotEnabledIsRegionNotEnabled()
    {
        var seeded = await _aws.Server.Control.SeedAsync(new LocalAws.SeedRequest { Region = "us-east-1", Images = [new LocalAws.SeedImage { Name = "to-cape-town-" + Guid.NewGuid().ToString("N")[..8] }] });
        var before = await _aws.Server.Control.CountCallsAsync("CopyImage");
        var error = _aws.FirstError("Copy-AmiToRegion", new Dictionary<string, object?>
            { ["ImageId"] = seeded.ImageIds[0], ["Region"] = "us-east-1", ["DestinationRegion"] = new[] { "af-south-1" } });
        Assert.Equal("RegionNotEnabled,AmiCmdlets.CopyAmiToRegionCommand", error?.FullyQualifiedErrorId);
        Assert.Equal(before, await _aws.Server.Control.CountCallsAsync("CopyImage"));
    }

    [Fact]
    public void BadKeysInAnEnabledRegionAreStillAnAuthenticationFailure()
    {
        var error = _aws.FirstError("Get-Ami", new Dictionary<string, object?>
            { ["Region"] = new[] { "eu-west-1" }, ["Credential"] = HostedLocalAws.Key("wrong") });
        Assert.Equal("AwsAuthenticationFailed,AmiCmdlets.GetAmiCommand", error?.FullyQualifiedErrorId);
    }
}
