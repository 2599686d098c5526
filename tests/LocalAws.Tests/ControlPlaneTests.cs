using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class ControlPlaneTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private readonly LocalAwsFixture _aws;

    public ControlPlaneTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Calls_are_counted_per_account_region_and_action_including_errors()
    {
        using var east = _aws.Ec2("us-east-1", maxErrorRetry: 0);
        using var west = _aws.Ec2("eu-west-1", credentials: Keys.AccountB, maxErrorRetry: 0);
        await east.DescribeImagesAsync(new DescribeImagesRequest());
        await east.DescribeImagesAsync(new DescribeImagesRequest());
        await west.DescribeRegionsAsync(new DescribeRegionsRequest());
        await Assert.ThrowsAsync<AmazonEC2Exception>(() => east.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = new() { "ami-0123456789abcdef0" } }));
        await Assert.ThrowsAsync<AmazonEC2Exception>(() => east.DeregisterImageAsync(new DeregisterImageRequest { ImageId = "ami-0123456789abcdef0" }));

        var calls = await _aws.Control.GetCallsAsync();
        Assert.Contains(new CallCount(LocalAwsAccounts.DefaultAccount, "us-east-1", "DescribeImages", 3, false), calls);
        Assert.Contains(new CallCount(LocalAwsAccounts.AccountB, "eu-west-1", "DescribeRegions", 1, false), calls);
        Assert.Contains(new CallCount(LocalAwsAccounts.DefaultAccount, "us-east-1", "DeregisterImage", 1, true), calls);

        await _aws.Control.ResetAsync();
        Assert.Empty(await _aws.Control.GetCallsAsync());
    }

    [Fact]
    public async Task Throttling_the_next_calls_surfaces_RequestLimitExceeded_and_retries_get_through()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", NextN = 1 } });
        using var noRetry = _aws.Ec2(maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => noRetry.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal("RequestLimitExceeded", e.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        await noRetry.DescribeImagesAsync(new DescribeImagesRequest()); // the fault is used up

        await _aws.Control.ResetAsync();
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "DescribeImages", NextN = 2 } });
        using var withRetries = _aws.Ec2();
        var images = await withRetries.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" } });
        Assert.NotEmpty(images.Images);
        Assert.Equal(3, await _aws.Control.CountCallsAsync("DescribeImages"));

        // Other actions are not affected by an action-specific rule.
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "CopyImage", NextN = 5 } });
        await noRetry.DescribeRegionsAsync(new DescribeRegionsRequest());
    }

    [Fact]
    public async Task A_seeded_fraction_throttles_some_calls()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "*", Fraction = 0.5, Seed = 42 } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        var throttled = 0;
        for (var i = 0; i < 40; i++)
        {
            try { await ec2.DescribeRegionsAsync(new DescribeRegionsRequest()); }
            catch (AmazonEC2Exception e) when (e.ErrorCode == "RequestLimitExceeded") { throttled++; }
        }
        Assert.InRange(throttled, 8, 32);
    }

    [Fact]
    public async Task HoldAfter_answers_the_first_calls_and_holds_the_rest_unapplied_until_the_faults_change()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest { Images = new[] { new SeedImage { Name = "a" }, new SeedImage { Name = "b" } } });
        // Deregistered images drop out of listings at once, so a listing shows exactly what was not deregistered.
        await _aws.Control.SetSettingsAsync(new EmulatorSettings { DeregisteredVisibleSeconds = new Dictionary<string, double> { ["*"] = 0 } });
        using var ec2 = _aws.Ec2(maxErrorRetry: 0);
        await _aws.Control.SetFaultsAsync(new FaultSettings { HoldAfter = new Dictionary<string, int> { ["DeregisterImage"] = 1 } });

        await ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[0] });
        var held = ec2.DeregisterImageAsync(new DeregisterImageRequest { ImageId = seeded.ImageIds[1] });
        // Counted as it arrives, then held: the image is untouched while the call waits.
        await _aws.Control.WaitForCallsAsync("DeregisterImage", 2);
        Assert.False(held.IsCompleted);
        // A deregistered image is still listed (state deregistered) for a while, as on AWS: count the registered ones.
        async Task<IEnumerable<string>> RegisteredAsync() =>
            ((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" } })).Images ?? new())
                .Where(i => i.State != ImageState.Deregistered).Select(i => i.ImageId);
        Assert.Equal(new[] { seeded.ImageIds[1] }, await RegisteredAsync());

        await _aws.Control.ClearFaultsAsync();
        await held;
        Assert.Empty(await RegisteredAsync());
    }

    [Fact]
    public async Task Latency_is_added_per_action()
    {
        using var ec2 = _aws.Ec2();
        await ec2.DescribeRegionsAsync(new DescribeRegionsRequest()); // warm up the client
        await _aws.Control.SetFaultsAsync(new FaultSettings { LatencyMs = new Dictionary<string, int> { ["DescribeRegions"] = 300, ["*"] = 0 } });
        var watch = Stopwatch.StartNew();
        await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");

        watch.Restart();
        await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" } });
        Assert.True(watch.ElapsedMilliseconds < 250, $"took {watch.ElapsedMilliseconds} ms");

        await _aws.Control.ClearFaultsAsync();
        watch.Restart();
        await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        Assert.True(watch.ElapsedMilliseconds < 250, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task An_unavailable_region_answers_503_while_others_work()
    {
        await _aws.Control.SetFaultsAsync(new FaultSettings { UnavailableRegions = new[] { "eu-west-3" } });
        using var paris = _aws.Ec2("eu-west-3", maxErrorRetry: 0);
        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => paris.DescribeImagesAsync(new DescribeImagesRequest()));
        Assert.Equal("Unavailable", e.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);

        using var london = _aws.Ec2("eu-west-2", maxErrorRetry: 0);
        await london.DescribeImagesAsync(new DescribeImagesRequest());
    }

    [Fact]
    public async Task Seeding_instances_returns_their_ids_and_volumes()
    {
        var result = await _aws.Control.SeedAsync(new SeedRequest
        {
            Region = "eu-west-1",
            Images = new[] { new SeedImage { Name = "base" } },
            Instances = new[]
            {
                new SeedInstance { Volumes = new[] { new SeedVolume { SizeGiB = 8 }, new SeedVolume { DeviceName = "/dev/sdf", SizeGiB = 50 } } },
                new SeedInstance { State = "stopped" },
            },
        });
        Assert.Single(result.ImageIds);
        Assert.Single(result.SnapshotIds);
        Assert.Equal(2, result.InstanceIds.Count);
        Assert.Equal(3, result.VolumeIds.Count);
        Assert.All(result.InstanceIds, id => Assert.StartsWith("i-", id, StringComparison.Ordinal));

        var duplicate = await Assert.ThrowsAsync<InvalidOperationException>(() => _aws.Control.SeedAsync(new SeedRequest { Region = "eu-west-1", Images = new[] { new SeedImage { Name = "base" } } }));
        Assert.Contains("400", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_of_1000_walk_deep_into_100000_images_without_gaps()
    {
        // Speed is measured by bench/localaws-describe.ps1, not here: a timed test fails on a busy machine.
        await _aws.Control.SeedAsync(new SeedRequest { Region = "ap-south-1", BulkImages = new SeedBulkImages { Count = 100_000 } });
        using var ec2 = _aws.Ec2("ap-south-1");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var i = 0; i < 12; i++)
        {
            var page = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "self" }, MaxResults = 1000, NextToken = token });
            Assert.Equal(1000, page.Images.Count);
            foreach (var image in page.Images) Assert.True(seen.Add(image.ImageId), "duplicate " + image.ImageId);
            token = page.NextToken;
            Assert.False(string.IsNullOrEmpty(token));
        }
        Assert.Equal(12_000, seen.Count);
    }
}
