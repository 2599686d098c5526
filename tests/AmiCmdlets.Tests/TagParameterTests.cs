using System.Collections;

namespace AmiCmdlets.Tests;

/// <summary>EC2's tag rules on every -Tag/-SnapshotTag parameter, at binding, before LocalAws sees a call.</summary>
public sealed class TagParameterTests : IClassFixture<HostedLocalAws>
{
    private readonly HostedLocalAws _aws;

    public TagParameterTests(HostedLocalAws aws) => _aws = aws;

    /// <summary>(command, parameter, the table writes tags (false: it filters by them)).</summary>
    public static TheoryData<string, string, bool> TagParameters() => new()
    {
        { "New-GoldenAmi", "Tag", true }, { "New-GoldenAmi", "SnapshotTag", true }, { "Copy-AmiToRegion", "Tag", true },
        { "Get-Ami", "Tag", false }, { "Find-StaleAmi", "Tag", false },
    };

    private static Dictionary<string, object?> Baseline(string command) => command switch
    {
        "New-GoldenAmi" => new() { ["InstanceId"] = "i-0123456789abcdef0", ["Name"] = "golden-{date}", ["Region"] = "us-east-1" },
        "Copy-AmiToRegion" => new() { ["ImageId"] = "ami-0123456789abcdef0", ["Region"] = "us-east-1", ["DestinationRegion"] = new[] { "eu-west-1" } },
        _ => new() { ["Region"] = new[] { "us-east-1" } },
    };

    private async Task AssertRefused(string command, string parameter, Hashtable table, string expected)
    {
        var before = await _aws.TotalCallsAsync();
        var parameters = Baseline(command);
        parameters[parameter] = table;
        var error = _aws.FirstError(command, parameters);
        Assert.NotNull(error);
        Assert.StartsWith("ParameterArgumentValidationError,", error!.FullyQualifiedErrorId);
        Assert.Contains(expected, error.Exception.Message);
        Assert.Equal(before, await _aws.TotalCallsAsync());
    }

    [Theory]
    [MemberData(nameof(TagParameters))]
    public async Task KeyLongerThan128IsRefused(string command, string parameter, bool _) =>
        await AssertRefused(command, parameter, new Hashtable { [new string('k', 129)] = "v" }, "128 characters");

    [Theory]
    [MemberData(nameof(TagParameters))]
    public async Task ValueLongerThan256IsRefused(string command, string parameter, bool _) =>
        await AssertRefused(command, parameter, new Hashtable { ["Team"] = new string('v', 257) }, "256 characters");

    [Theory]
    [MemberData(nameof(TagParameters))]
    public async Task NullValueIsRefused(string command, string parameter, bool _) =>
        await AssertRefused(command, parameter, new Hashtable { ["Team"] = null }, "$null");

    [Theory]
    [MemberData(nameof(TagParameters))]
    public async Task AwsPrefixIsRefusedWhenWriting(string command, string parameter, bool writes)
    {
        if (writes)
        {
            await AssertRefused(command, parameter, new Hashtable { ["aws:x"] = "v" }, "aws:");
            await AssertRefused(command, parameter, new Hashtable { ["AWS:x"] = "v" }, "aws:");
            return;
        }
        // Filtering by a tag AWS set (aws:cloudformation:stack-name) is fine.
        var parameters = Baseline(command);
        parameters[parameter] = new Hashtable { ["aws:cloudformation:stack-name"] = "web" };
        var error = _aws.FirstError(command, parameters);
        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(TagParameters))]
    public async Task FiftyOneTagsAreRefusedWhenWriting(string command, string parameter, bool writes)
    {
        if (!writes) return;
        var table = new Hashtable();
        for (var i = 0; i < 51; i++) table["k" + i] = "v";
        await AssertRefused(command, parameter, table, "at most 50");
    }
}
