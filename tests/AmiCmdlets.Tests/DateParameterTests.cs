namespace AmiCmdlets.Tests;

/// <summary>
/// -DeprecateAt and -InDays at their extremes: a specific error that states the valid range, before any
/// call, never a .NET exception from date arithmetic.
/// </summary>
public sealed class DateParameterTests : IClassFixture<HostedLocalAws>
{
    private readonly HostedLocalAws _aws;

    public DateParameterTests(HostedLocalAws aws) => _aws = aws;

    public static TheoryData<string, string> Extremes() => new()
    {
        { "Set-AmiDeprecation", "MaxValue" }, { "Set-AmiDeprecation", "MinValue" }, { "Set-AmiDeprecation", "MaxValueUtc" },
        { "Set-AmiDeprecation", "MaxValueLocal" }, { "Set-AmiDeprecation", "MinValueLocal" }, { "Set-AmiDeprecation", "FarPast" },
        { "Set-AmiDeprecation", "Year3000Unspecified" }, { "Set-AmiDeprecation", "ElevenYearsLocal" },
        { "New-GoldenAmi", "MaxValue" }, { "New-GoldenAmi", "MinValue" }, { "New-GoldenAmi", "MaxValueLocal" }, { "New-GoldenAmi", "FarPast" },
    };

    private static DateTime Value(string which) => which switch
    {
        "MaxValue" => DateTime.MaxValue,
        "MinValue" => DateTime.MinValue,
        "MaxValueUtc" => DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
        "MaxValueLocal" => DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Local),
        "MinValueLocal" => DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Local),
        "FarPast" => new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        "Year3000Unspecified" => new DateTime(3000, 1, 1),
        _ => DateTime.Now.AddYears(11),
    };

    private static Dictionary<string, object?> Parameters(string command, DateTime at) => command == "New-GoldenAmi"
        ? new() { ["InstanceId"] = "i-0123456789abcdef0", ["Name"] = "golden-{date}", ["Region"] = "us-east-1", ["DeprecateAt"] = at }
        : new() { ["ImageId"] = new[] { "ami-0123456789abcdef0" }, ["Region"] = "us-east-1", ["DeprecateAt"] = at };

    [Theory]
    [MemberData(nameof(Extremes))]
    public async Task ExtremeDatesAreRefusedWithTheRangeBeforeAnyCall(string command, string which)
    {
        var before = await _aws.TotalCallsAsync();
        var error = _aws.FirstError(command, Parameters(command, Value(which)));
        Assert.NotNull(error);
        Assert.Equal("InvalidDeprecationTime,AmiCmdlets." + command.Replace("-", "") + "Command", error!.FullyQualifiedErrorId);
        Assert.Contains("at most 10 years ahead", error.Exception.Message);
        Assert.Contains("rounded to the minute", error.Exception.Message);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(3660)]
    public async Task InDaysOutOfRangeIsRefusedBeforeAnyCall(int days)
    {
        var before = await _aws.TotalCallsAsync();
        var error = _aws.FirstError("Set-AmiDeprecation", new Dictionary<string, object?>
            { ["ImageId"] = new[] { "ami-0123456789abcdef0" }, ["Region"] = "us-east-1", ["InDays"] = days });
        Assert.NotNull(error);
        Assert.Matches("^(ParameterArgumentValidationError|InvalidDeprecationTime),", error!.FullyQualifiedErrorId);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Theory]
    [InlineData("Find-StaleAmi", "OlderThanDays")]
    [InlineData("Find-StaleAmi", "KeepLatest")]
    [InlineData("Wait-Ami", "TimeoutSec")]
    [InlineData("Copy-AmiToRegion", "TimeoutSec")]
    [InlineData("Copy-AmiToRegion", "ThrottleLimit")]
    [InlineData("New-GoldenAmi", "TimeoutSec")]
    [InlineData("Set-AmiContext", "MaxAttempts")]
    public async Task OtherIntegersOutOfRangeAreRefusedBeforeAnyCall(string command, string parameter)
    {
        foreach (var value in new[] { -1, int.MinValue, int.MaxValue })
        {
            var before = await _aws.TotalCallsAsync();
            var parameters = command switch
            {
                "Wait-Ami" => new Dictionary<string, object?> { ["ImageId"] = new[] { "ami-0123456789abcdef0" }, ["Region"] = "us-east-1" },
                "Copy-AmiToRegion" => new() { ["ImageId"] = "ami-0123456789abcdef0", ["Region"] = "us-east-1", ["DestinationRegion"] = new[] { "eu-west-1" } },
                "New-GoldenAmi" => new() { ["InstanceId"] = "i-0123456789abcdef0", ["Name"] = "golden-{date}", ["Region"] = "us-east-1" },
                "Set-AmiContext" => new(),
                _ => new() { ["Region"] = new[] { "us-east-1" } },
            };
            parameters[parameter] = value;
            var error = _aws.FirstError(command, parameters);
            Assert.NotNull(error);
            Assert.StartsWith("ParameterArgumentValidationError,", error!.FullyQualifiedErrorId);
            Assert.Equal(before, await _aws.TotalCallsAsync());
        }
    }
}
