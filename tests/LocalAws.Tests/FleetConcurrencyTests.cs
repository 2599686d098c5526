using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>
/// The fleet benchmark's shape (20 accounts x 8 regions, latency on every call) through role sessions, all at once.
/// Proves without timing that waiting calls hold no shared lock: every call is held unanswered until all 160 arrived.
/// </summary>
public sealed class FleetConcurrencyTests
{
    private static readonly string[] Regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-south-1"];

    [Fact]
    public async Task Twenty_accounts_times_eight_regions_through_roles_wait_together_and_each_sees_only_its_own_images()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        await using var server = await LocalAwsServer.StartAsync(new LocalAwsOptions { GeneratedAccounts = 20 });
        var accounts = Enumerable.Range(1, 20).Select(LocalAwsAccounts.GeneratedAccountId).ToList();
        foreach (var account in accounts)
            foreach (var region in Regions)
                await server.Control.SeedAsync(new SeedRequest { Account = account, Region = region, Images = [new SeedImage { Name = $"img-{account}-{region}" }] });
        await server.Control.SetFaultsAsync(new FaultSettings
        {
            LatencyMs = new Dictionary<string, int> { ["*"] = 100 },
            HoldAfter = new Dictionary<string, int> { ["DescribeImages"] = 0 },
        });

        var url = server.Url.ToString();
        var work = accounts.Select(async account =>
        {
            using var sts = new AmazonSecurityTokenServiceClient(Keys.Default, new AmazonSecurityTokenServiceConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
            var r = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{account}:role/AmiAdmin", RoleSessionName = "fleet" });
            var session = new SessionAWSCredentials(r.Credentials.AccessKeyId, r.Credentials.SecretAccessKey, r.Credentials.SessionToken);
            return await Task.WhenAll(Regions.Select(async region =>
            {
                using var ec2 = new AmazonEC2Client(session, new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = region, MaxErrorRetry = 0 });
                var images = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
                return (account, region, names: images.Images.Select(i => i.Name).ToList());
            }));
        }).ToList();

        // All 160 arrive and wait at once: none is answered before the holds are released.
        await server.Control.WaitForCallsAsync("DescribeImages", 160);
        Assert.DoesNotContain(work, t => t.IsCompleted);
        await server.Control.ClearFaultsAsync();

        var results = (await Task.WhenAll(work)).SelectMany(x => x).ToList();
        Assert.Equal(160, results.Count);
        Assert.All(results, r => Assert.Equal($"img-{r.account}-{r.region}", Assert.Single(r.names)));
        var calls = await server.Control.GetCallsAsync();
        Assert.Equal(20, calls.Where(c => c.Action == "AssumeRole").Sum(c => c.Count));
        Assert.All(calls.Where(c => c.Action == "DescribeImages"), c => Assert.Equal((1, $"arn:aws:iam::{c.Account}:role/AmiAdmin"), (c.Count, c.RoleArn)));
    }
}
