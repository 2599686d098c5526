using Amazon.EC2.Model;
using Amazon.KeyManagementService.Model;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Copying;
using AmiCmdlets.Engine.Waiting;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class CopyFanOutTests(LocalAwsFixture localAws)
{
    private static readonly WaitPolicy Quick = new(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300));
    private static readonly string[] FourRegions = ["eu-west-1", "eu-central-1", "ap-southeast-2", "us-west-2"];

    private static IEnumerable<AmiOperationException> Errors(IEnumerable<EngineEvent> events) => events.OfType<ErrorEvent>().Select(e => e.Error);

    private async Task<string> SeedSourceAsync(string name = "web-golden", string region = "us-east-1", bool encrypted = false)
    {
        var seeded = await localAws.Control.SeedAsync(new SeedRequest
        {
            Region = region,
            Images = [new SeedImage { Name = name, Encrypted = encrypted, Tags = new Dictionary<string, string> { ["Team"] = "web", ["aws:internal"] = "x" } }],
        });
        return seeded.ImageIds[0];
    }

    private async Task<string> CreateAliasAsync(AwsClientFactory factory, string region, string alias)
    {
        var kms = factory.Kms(localAws.Connection(factory, region));
        var key = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "golden images " + region });
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyMetadata.KeyId });
        return key.KeyMetadata.Arn;
    }

    private async Task<(List<Ami> Copies, List<EngineEvent> Events)> CopyAsync(AwsClientFactory factory, CopyRequest request, bool wait = false)
    {
        var fanOut = new CopyFanOut(factory);
        var copies = new List<Ami>();
        var events = await LocalAwsFixture.CollectAsync(async (stream, token) =>
        {
            var jobs = await fanOut.PlanAsync(request, stream, token);
            if (wait) await fanOut.ExecuteAndWaitAsync(request, jobs, Quick, stream, token);
            else await fanOut.ExecuteAsync(request, jobs, outputAsCreated: true, stream, token);
        });
        copies.AddRange(events.OfType<OutputEvent>().Select(e => (Ami)e.Item));
        return (copies, events);
    }

    private CopyRequest Request(AwsClientFactory factory, IEnumerable<string> imageIds, IEnumerable<string> destinations, string sourceRegion = "us-east-1") => new()
    {
        Sources = imageIds.Select(id => new CopySource(localAws.Connection(factory, sourceRegion), id)).ToList(),
        Destinations = destinations.ToList(),
    };

    [Fact]
    public async Task OneImageToFourRegionsEncryptedWithAnAliasPerRegion()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var arns = new Dictionary<string, string>();
        foreach (var region in FourRegions) arns[region] = await CreateAliasAsync(factory, region, "alias/golden");
        var request = Request(factory, [source], FourRegions);
        request.KmsKeyIds = FourRegions.ToDictionary(r => r, _ => "alias/golden");
        request.Tags = new Dictionary<string, string> { ["Stage"] = "released" };

        var (copies, events) = await CopyAsync(factory, request, wait: true);

        Assert.Empty(Errors(events));
        Assert.Equal(FourRegions.Order(), copies.Select(c => c.Region).Order());
        foreach (var copy in copies)
        {
            Assert.Equal("available", copy.State);
            Assert.Equal(source, copy.SourceImageId);
            Assert.Equal("us-east-1", copy.SourceRegion);
            Assert.True(copy.Encrypted);
            Assert.Equal([arns[copy.Region]], copy.KmsKeyIds);
            Assert.Equal("web", copy.Tags["Team"]);
            Assert.Equal("released", copy.Tags["Stage"]);
            Assert.False(copy.Tags.ContainsKey("aws:internal"));
        }
        Assert.Equal(4, await localAws.Control.CountCallsAsync("CopyImage"));
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CreateTags"));
    }

    [Fact]
    public async Task ABadAliasFailsOnlyItsRegionBeforeAnyCopy()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        foreach (var region in FourRegions.Where(r => r != "eu-central-1")) await CreateAliasAsync(factory, region, "alias/golden");
        var request = Request(factory, [source], FourRegions);
        request.KmsKeyIds = new Dictionary<string, string> { ["*"] = "alias/golden" };

        var (copies, events) = await CopyAsync(factory, request);

        Assert.Equal(3, copies.Count);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiCopyFailed", error.ErrorId);
        Assert.Equal("eu-central-1", error.Target);
        Assert.Contains("alias/golden", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CopyImage", region: "eu-central-1"));
    }

    [Fact]
    public async Task AReRunCreatesNoDuplicate()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var (first, _) = await CopyAsync(factory, Request(factory, [source], FourRegions));
        var copyCalls = await localAws.Control.CountCallsAsync("CopyImage");

        var (second, events) = await CopyAsync(factory, Request(factory, [source], FourRegions));

        Assert.Empty(Errors(events));
        Assert.Equal(first.Select(c => c.ImageId).Order(), second.Select(c => c.ImageId).Order());
        Assert.Equal(copyCalls, await localAws.Control.CountCallsAsync("CopyImage"));
        Assert.Contains(events.OfType<VerboseEvent>(), v => v.Message.Contains("already exists"));
    }

    [Fact]
    public async Task ThreePipedImagesToThreeRegions()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var sources = new List<string>();
        for (var i = 0; i < 3; i++) sources.Add(await SeedSourceAsync("app-" + i));
        string[] destinations = ["eu-west-1", "eu-west-2", "ap-northeast-1"];
        var (copies, events) = await CopyAsync(factory, Request(factory, sources, destinations), wait: true);
        Assert.Empty(Errors(events));
        Assert.Equal(9, copies.Count);
        Assert.Equal(9, copies.Select(c => (c.SourceImageId, c.Region)).Distinct().Count());
    }

    [Fact]
    public async Task AFailedCopyIsReportedWithItsIdAndTheOthersAreOutput()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetFaultsAsync(new FaultSettings { FailNextCopies = new Dictionary<string, int> { ["ap-southeast-2"] = 1 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var (copies, events) = await CopyAsync(factory, Request(factory, [source], FourRegions), wait: true);
        Assert.Equal(3, copies.Count);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiCopyFailed", error.ErrorId);
        Assert.Equal("ap-southeast-2", error.Target);
        Assert.Matches(@"\(ami-[0-9a-f]+\)", error.Message);
        await localAws.Control.ClearFaultsAsync();

        // A re-run replaces the failed copy (it holds the name) and keeps the three good ones.
        var (again, rerun) = await CopyAsync(factory, Request(factory, [source], FourRegions), wait: true);
        Assert.Empty(Errors(rerun));
        Assert.Equal(FourRegions.Order(), again.Select(c => c.Region).Order());
        Assert.All(again, c => Assert.Equal("available", c.State));
        Assert.Equal(1, await localAws.Control.CountCallsAsync("DeregisterImage"));
        Assert.Equal(5, await localAws.Control.CountCallsAsync("CopyImage"));
    }

    [Fact]
    public async Task ThrottledCopiesAreRetriedAndEachIsMadeExactlyOnce()
    {
        await localAws.Control.ResetAsync();
        await localAws.Control.SetFaultsAsync(new FaultSettings { Throttle = new ThrottleFault { Action = "CopyImage", Fraction = 0.3, Seed = 7 } });
        var factory = LocalAwsFixture.IsolatedFactory();
        var sources = new List<string>();
        for (var i = 0; i < 3; i++) sources.Add(await SeedSourceAsync("throttled-" + i));
        string[] destinations = ["eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1"];
        var (copies, events) = await CopyAsync(factory, Request(factory, sources, destinations));
        await localAws.Control.ClearFaultsAsync();

        Assert.Empty(Errors(events));
        Assert.Equal(12, copies.Count);
        foreach (var region in destinations)
        {
            var images = await factory.Ec2(localAws.Connection(factory, region)).DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
            Assert.Equal(3, images.Images.Count);
        }
        Assert.True(await localAws.Control.CountCallsAsync("CopyImage") > 12, "the fault should have throttled some calls");
    }

    [Fact]
    public async Task UnknownRegionAndMissingSourceAreReportedAndNothingElseStops()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var request = Request(factory, [source, "ami-0123456789abcdef0"], ["eu-west-1", "me-central-1"]);
        var (copies, events) = await CopyAsync(factory, request);
        Assert.Equal("eu-west-1", Assert.Single(copies).Region);
        var errors = Errors(events).ToList();
        Assert.Contains(errors, e => e.ErrorId == "AmiNotFound" && e.Target == "ami-0123456789abcdef0");
        Assert.Contains(errors, e => e.ErrorId == "UnknownRegion" && e.Target == "me-central-1");
    }

    [Fact]
    public async Task AnEncryptedSourceIsNeverCopiedUnencrypted()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync(encrypted: true);
        var refused = Request(factory, [source], ["eu-west-1"]);
        refused.Encrypted = false;
        var (none, events) = await CopyAsync(factory, refused);
        Assert.Empty(none);
        Assert.Equal("AmiCopyFailed", Assert.Single(Errors(events)).ErrorId);

        var (copies, _) = await CopyAsync(factory, Request(factory, [source], ["eu-west-1"]), wait: true);
        Assert.True(Assert.Single(copies).Encrypted);
    }

    /// <summary>Runs a copy of <paramref name="source"/> to eu-west-1 with the given encryption and returns the copy made.</summary>
    private async Task<Ami> CopyToIrelandAsync(AwsClientFactory factory, string source, string? key = null, bool? encrypted = null)
    {
        var request = Request(factory, [source], ["eu-west-1"]);
        if (key != null) request.KmsKeyIds = new Dictionary<string, string> { ["*"] = key };
        request.Encrypted = encrypted;
        var (copies, events) = await CopyAsync(factory, request, wait: true);
        Assert.Empty(Errors(events));
        return Assert.Single(copies);
    }

    /// <summary>A second run to eu-west-1 that must refuse the copy the first run made: one error, no copy, no CopyImage.</summary>
    private async Task<AmiOperationException> RefusedAsync(AwsClientFactory factory, string source, string? key, bool? encrypted, string expectedErrorId)
    {
        var copyCalls = await localAws.Control.CountCallsAsync("CopyImage");
        var request = Request(factory, [source], ["eu-west-1"]);
        if (key != null) request.KmsKeyIds = new Dictionary<string, string> { ["*"] = key };
        request.Encrypted = encrypted;
        var (copies, events) = await CopyAsync(factory, request);
        Assert.Empty(copies);
        var error = Assert.Single(Errors(events));
        Assert.Equal(expectedErrorId, error.ErrorId);
        Assert.Equal("eu-west-1", error.Target);
        Assert.Equal(copyCalls, await localAws.Control.CountCallsAsync("CopyImage"));
        return error;
    }

    [Fact]
    public async Task AnUnencryptedCopyIsNotReturnedWhenAKeyIsAsked()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var plain = await CopyToIrelandAsync(factory, source);
        Assert.False(plain.Encrypted);
        await CreateAliasAsync(factory, "eu-west-1", "alias/golden");

        var error = await RefusedAsync(factory, source, "alias/golden", null, "AmiCopyEncryptionMismatch");

        Assert.Contains(plain.ImageId, error.Message);
        Assert.Contains("unencrypted", error.Message);
        Assert.Contains("alias/golden", error.Message);
        Assert.Contains("Remove-AmiWithSnapshots -ImageId " + plain.ImageId + " -Region eu-west-1", error.Message);
        Assert.Contains("-Name", error.Message);
    }

    [Fact]
    public async Task AnUnencryptedCopyIsNotReturnedForEncrypted()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var plain = await CopyToIrelandAsync(factory, source);

        var error = await RefusedAsync(factory, source, null, true, "AmiCopyEncryptionMismatch");

        Assert.Contains(plain.ImageId, error.Message);
        Assert.Contains("default EBS key", error.Message);
    }

    [Fact]
    public async Task AKeyThatDoesNotExistIsReportedEvenWhenACopyExists()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        await CopyToIrelandAsync(factory, source);

        var error = await RefusedAsync(factory, source, "alias/does-not-exist", null, "AmiCopyFailed");

        Assert.Contains("alias/does-not-exist", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public async Task ACopyEncryptedWithAnotherKeyIsNotReturned()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var x = await CreateAliasAsync(factory, "eu-west-1", "alias/x");
        var y = await CreateAliasAsync(factory, "eu-west-1", "alias/y");
        var withX = await CopyToIrelandAsync(factory, source, "alias/x");
        Assert.Equal([x], withX.KmsKeyIds);

        var error = await RefusedAsync(factory, source, "alias/y", null, "AmiCopyEncryptionMismatch");

        Assert.Contains(withX.ImageId, error.Message);
        Assert.Contains(x, error.Message);
        Assert.Contains(y, error.Message);
    }

    [Fact]
    public async Task AMatchingCopyIsReturnedWithoutCopyingAndItsKeyIsStillChecked()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        await CreateAliasAsync(factory, "eu-west-1", "alias/golden");
        var first = await CopyToIrelandAsync(factory, source, "alias/golden");
        var copyCalls = await localAws.Control.CountCallsAsync("CopyImage");
        var describeKeys = await localAws.Control.CountCallsAsync("DescribeKey", region: "eu-west-1");

        var again = await CopyToIrelandAsync(factory, source, "alias/golden");

        Assert.Equal(first.ImageId, again.ImageId);
        Assert.Equal(copyCalls, await localAws.Control.CountCallsAsync("CopyImage"));
        Assert.True(await localAws.Control.CountCallsAsync("DescribeKey", region: "eu-west-1") > describeKeys, "the key must be checked in the destination");

        // The default EBS key: a copy made with -Encrypted is adopted by -Encrypted, refused by a customer key.
        var source2 = await SeedSourceAsync("web-default-key");
        var byDefault = await CopyToIrelandAsync(factory, source2, encrypted: true);
        Assert.Equal(byDefault.ImageId, (await CopyToIrelandAsync(factory, source2, encrypted: true)).ImageId);
        await RefusedAsync(factory, source2, "alias/golden", null, "AmiCopyEncryptionMismatch");
    }

    [Fact]
    public async Task ACopyIntoTheSourceRegionWithTheSameNameIsRefusedBeforeAnyChange()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var request = Request(factory, [source], ["us-east-1", "eu-west-1"]);

        var (copies, events) = await CopyAsync(factory, request);

        Assert.Equal("eu-west-1", Assert.Single(copies).Region);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNameInUse", error.ErrorId);
        Assert.Equal("us-east-1", error.Target);
        Assert.Contains(source, error.Message);
        Assert.Contains("-Name", error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CopyImage", region: "us-east-1"));

        // Another name in the same region is a normal copy (e.g. to encrypt it).
        var encrypt = Request(factory, [source], ["us-east-1"]);
        encrypt.NameTemplate = "{name}-encrypted";
        encrypt.Encrypted = true;
        var (inPlace, again) = await CopyAsync(factory, encrypt, wait: true);
        Assert.Empty(Errors(again));
        Assert.True(Assert.Single(inPlace).Encrypted);
    }

    [Fact]
    public async Task ANameHeldByAnUnrelatedImageIsRefusedBeforeAnyChange()
    {
        await localAws.Control.ResetAsync();
        var factory = LocalAwsFixture.IsolatedFactory();
        var source = await SeedSourceAsync();
        var other = await SeedSourceAsync("web-golden", region: "eu-west-1");

        var (copies, events) = await CopyAsync(factory, Request(factory, [source], ["eu-west-1"]));

        Assert.Empty(copies);
        var error = Assert.Single(Errors(events));
        Assert.Equal("AmiNameInUse", error.ErrorId);
        Assert.Contains(other, error.Message);
        Assert.Equal(0, await localAws.Control.CountCallsAsync("CopyImage"));
    }
}
