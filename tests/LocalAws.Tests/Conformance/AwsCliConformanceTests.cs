using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.Runtime;
using Xunit;

namespace LocalAws.Tests.Conformance;

/// <summary>
/// STS and EC2 discovery through Debian's AWS CLI: outputs, error lines and exit codes (254 for service
/// errors, 252 for parameter validation, 255 for waiter failures), and the CLI's own pagination
/// (--page-size drives MaxResults/NextToken, --max-items/--starting-token its client-side tokens).
/// </summary>
public sealed class AwsCliConformanceTests : IClassFixture<AwsCliFixture>
{
    private readonly AwsCliFixture _aws;

    public AwsCliConformanceTests(AwsCliFixture aws) => _aws = aws;

    [Fact]
    public async Task Sts_get_caller_identity_and_assume_role()
    {
        var cli = _aws.Cli;
        var identity = cli.OkAsync("us-east-1", "sts", "get-caller-identity");
        var wrongSecret = cli.As(new BasicAWSCredentials(LocalAwsAccounts.DefaultAccessKey, "wrong")).FailsAsync("us-east-1", "SignatureDoesNotMatch", "sts", "get-caller-identity");
        var assumed = cli.OkAsync("us-east-1", "sts", "assume-role", "--role-arn", $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/AmiAdmin",
            "--role-session-name", "cli", "--duration-seconds", "900");
        var outside = cli.FailsAsync("us-east-1", "AccessDenied", "sts", "assume-role", "--role-arn", "arn:aws:iam::999999999999:role/X", "--role-session-name", "cli");
        var tooShort = cli.RunAsync("us-east-1", "sts", "assume-role", "--role-arn", $"arn:aws:iam::{LocalAwsAccounts.AccountB}:role/X",
            "--role-session-name", "cli", "--duration-seconds", "60");

        var me = await identity;
        Assert.Equal(LocalAwsAccounts.DefaultAccount, me.GetProperty("Account").GetString());
        Assert.Equal($"arn:aws:iam::{LocalAwsAccounts.DefaultAccount}:user/localaws", me.GetProperty("Arn").GetString());
        Assert.Equal("GetCallerIdentity", (await wrongSecret).ErrorOperation);
        await outside;
        Assert.Equal(252, (await tooShort).ExitCode); // the CLI's own parameter validation: the request is never sent

        var credentials = (await assumed).GetProperty("Credentials");
        Assert.StartsWith("ASIA", credentials.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        var session = new SessionAWSCredentials(credentials.GetProperty("AccessKeyId").GetString(),
            credentials.GetProperty("SecretAccessKey").GetString(), credentials.GetProperty("SessionToken").GetString());
        var asRole = await cli.As(session).OkAsync("eu-west-1", "sts", "get-caller-identity");
        Assert.Equal(LocalAwsAccounts.AccountB, asRole.GetProperty("Account").GetString());
        Assert.Equal($"arn:aws:sts::{LocalAwsAccounts.AccountB}:assumed-role/AmiAdmin/cli", asRole.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Ec2_describe_regions_and_auth_failures()
    {
        var cli = _aws.Cli;
        var all = cli.OkAsync("eu-north-1", "ec2", "describe-regions");
        var us = cli.OkAsync("eu-north-1", "ec2", "describe-regions", "--filters", "Name=region-name,Values=us-*", "--query", "Regions[].RegionName");
        var invalid = cli.FailsAsync("eu-north-1", "InvalidParameterValue", "ec2", "describe-regions", "--region-names", "mars-1");
        var nowhere = cli.FailsAsync("xx-nowhere-1", "AuthFailure", "ec2", "describe-regions");

        var regions = (await all).GetProperty("Regions");
        Assert.Equal(16, regions.GetArrayLength());
        var first = regions.EnumerateArray().Single(r => r.GetProperty("RegionName").GetString() == "eu-central-1");
        Assert.Equal("ec2.eu-central-1.amazonaws.com", first.GetProperty("Endpoint").GetString());
        Assert.Equal("opt-in-not-required", first.GetProperty("OptInStatus").GetString());
        Assert.Equal(new[] { "us-east-1", "us-east-2", "us-west-1", "us-west-2" }, (await us).EnumerateArray().Select(r => r.GetString()));
        await invalid;
        Assert.Contains("xx-nowhere-1", (await nowhere).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ec2_describe_images_filters_errors_and_deprecation()
    {
        var cli = _aws.Cli;
        var amazon = cli.OkAsync("us-west-1", "ec2", "describe-images", "--owners", "amazon");
        var withDeprecated = cli.OkAsync("us-west-1", "ec2", "describe-images", "--owners", "amazon", "--include-deprecated", "--query", "length(Images)");
        var windows = cli.OkAsync("us-west-1", "ec2", "describe-images", "--owners", "amazon", "--filters", "Name=platform,Values=windows",
            "Name=name,Values=Windows_Server-2022-English-Full-*", "--query", "Images[].Name");
        var missing = cli.FailsAsync("us-west-1", "InvalidAMIID.NotFound", "ec2", "describe-images", "--image-ids", "ami-0123456789abcdef0");
        var badFilter = cli.FailsAsync("us-west-1", "InvalidParameterValue", "ec2", "describe-images", "--filters", "Name=colour,Values=blue");

        var images = (await amazon).GetProperty("Images").EnumerateArray().ToList();
        Assert.Equal(8, images.Count); // the deprecated AL2023 release is hidden; Ubuntu, Debian and RHEL have owners of their own
        var al = images.Single(i => i.GetProperty("Name").GetString() == "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64");
        Assert.Equal("available", al.GetProperty("State").GetString());
        Assert.Equal("amazon", al.GetProperty("ImageOwnerAlias").GetString());
        Assert.True(al.GetProperty("Public").GetBoolean());
        Assert.Equal("ebs", al.GetProperty("RootDeviceType").GetString());
        Assert.StartsWith("snap-", al.GetProperty("BlockDeviceMappings")[0].GetProperty("Ebs").GetProperty("SnapshotId").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", al.GetProperty("CreationDate").GetString());
        Assert.Equal(9, (await withDeprecated).GetInt32());
        Assert.Equal("Windows_Server-2022-English-Full-Base-2026.11.12", Assert.Single((await windows).EnumerateArray()).GetString());
        Assert.Contains("ami-0123456789abcdef0", (await missing).ErrorMessage, StringComparison.Ordinal);
        await badFilter;
    }

    [Fact]
    public async Task Ec2_describe_images_paginates_with_page_size_max_items_and_starting_token()
    {
        await _aws.Control.SeedAsync(new SeedRequest { Region = "ap-northeast-2", BulkImages = new SeedBulkImages { Count = 25, NamePrefix = "page-" } });
        var cli = _aws.Cli;
        const string Region = "ap-northeast-2";

        // --page-size: the CLI follows NextToken itself and merges the pages.
        var all = await cli.OkAsync(Region, "ec2", "describe-images", "--owners", "self", "--page-size", "10", "--query", "Images[].Name");
        Assert.Equal(25, all.GetArrayLength());
        Assert.Equal(3, await _aws.Control.CountCallsAsync("DescribeImages", region: Region));

        // --max-items: the CLI stops after N and hands out its own NextToken for --starting-token.
        var names = all.EnumerateArray().Select(n => n.GetString()).ToList();
        var first = await cli.OkAsync(Region, "ec2", "describe-images", "--owners", "self", "--page-size", "10", "--max-items", "12");
        Assert.Equal(12, first.GetProperty("Images").GetArrayLength());
        var token = first.GetProperty("NextToken").GetString();
        var second = await cli.OkAsync(Region, "ec2", "describe-images", "--owners", "self", "--page-size", "10", "--max-items", "12", "--starting-token", token!);
        Assert.Equal(12, second.GetProperty("Images").GetArrayLength());
        var third = await cli.OkAsync(Region, "ec2", "describe-images", "--owners", "self", "--page-size", "10", "--max-items", "12",
            "--starting-token", second.GetProperty("NextToken").GetString()!);
        Assert.Equal(1, third.GetProperty("Images").GetArrayLength());
        Assert.False(third.TryGetProperty("NextToken", out _));
        var paged = new[] { first, second, third }.SelectMany(p => p.GetProperty("Images").EnumerateArray().Select(i => i.GetProperty("Name").GetString())).ToList();
        Assert.Equal(names, paged);

        // A server token that is not LocalAws's is refused as AWS refuses it.
        await cli.FailsAsync(Region, "InvalidPaginationToken", "ec2", "describe-images", "--owners", "self", "--max-results", "5", "--next-token", "bogus", "--no-paginate");
    }
}
