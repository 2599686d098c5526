using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.BaseImages;
using AmiCmdlets.Engine.Errors;
using AmiCmdlets.Engine.Images;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

[Collection(LocalAwsCollection.Name)]
public sealed class BaseImageFinderTests(LocalAwsFixture localAws)
{
    private static readonly string[] ThreeRegions = { "us-east-1", "eu-west-1", "ap-southeast-2" };

    private static IEnumerable<Ami> Amis(IEnumerable<EngineEvent> events) => events.OfType<OutputEvent>().Select(e => (Ami)e.Item);

    private async Task<List<EngineEvent>> FindAsync(BaseImageQuery query, params string[] regions)
    {
        var factory = LocalAwsFixture.IsolatedFactory();
        var connections = regions.Select(r => localAws.Connection(factory, r)).ToList();
        return await LocalAwsFixture.CollectAsync((events, token) => new BaseImageFinder(factory).FindAsync(connections, query, events, token));
    }

    [Fact]
    public async Task NewestImageOfTheVerifiedOwnerInEachRegionWithOneDescribeImagesPerRegion()
    {
        await localAws.Control.ResetAsync();
        var events = await FindAsync(new BaseImageQuery { OperatingSystem = "Ubuntu2404" }, ThreeRegions);
        Assert.Empty(events.OfType<ErrorEvent>());
        var amis = Amis(events).ToList();
        Assert.Equal(ThreeRegions.OrderBy(r => r), amis.Select(a => a.Region).OrderBy(r => r));
        Assert.All(amis, a =>
        {
            // The community look-alike has the same name and is newer: only its owner tells it apart.
            Assert.Equal(LocalAwsPublishers.Canonical, a.OwnerId);
            Assert.Equal("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", a.Name);
            Assert.Equal("x86_64", a.Architecture);
            Assert.Equal(AmiSource.QuickStart, a.Source);
            Assert.True(a.VerifiedProvider);
        });
        foreach (var region in ThreeRegions) Assert.Equal(1, await localAws.Control.CountCallsAsync("DescribeImages", region: region));
    }

    [Fact]
    public async Task ArchitectureAndLatestChooseAmongTheOwnersImages()
    {
        await localAws.Control.ResetAsync();
        var arm = Assert.Single(Amis(await FindAsync(new BaseImageQuery { OperatingSystem = "AmazonLinux2023", Architecture = "arm64" }, "us-east-1")));
        Assert.Equal("al2023-ami-2023.6.20261101.0-kernel-6.1-arm64", arm.Name);
        Assert.Equal("amazon", arm.OwnerAlias);
        var windows = Assert.Single(Amis(await FindAsync(new BaseImageQuery { OperatingSystem = "WindowsServer2022Core" }, "us-east-1")));
        Assert.Equal("Windows_Server-2022-English-Core-Base-2026.11.12", windows.Name);
        var two = Amis(await FindAsync(new BaseImageQuery { OperatingSystem = "AmazonLinux2023", Latest = 2, IncludeDeprecated = true }, "us-east-1")).ToList();
        Assert.Equal(new[] { "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", "al2023-ami-2023.5.20250115.0-kernel-6.1-x86_64" }, two.Select(a => a.Name));
    }

    [Fact]
    public async Task ADeprecatedNewestImageIsSkippedUnlessIncludeDeprecated()
    {
        await localAws.Control.ResetAsync();
        var current = Assert.Single(Amis(await FindAsync(new BaseImageQuery { OperatingSystem = "Ubuntu2204" }, "eu-west-1")));
        Assert.EndsWith("-20261020", current.Name, StringComparison.Ordinal);
        var withDeprecated = Assert.Single(Amis(await FindAsync(new BaseImageQuery { OperatingSystem = "Ubuntu2204", IncludeDeprecated = true }, "eu-west-1")));
        Assert.EndsWith("-20261113", withDeprecated.Name, StringComparison.Ordinal);
        Assert.NotNull(withDeprecated.DeprecationTime);
    }

    [Fact]
    public async Task PublicParameterFindsTheNewestImageEverAssociated()
    {
        await localAws.Control.ResetAsync();
        var query = new BaseImageQuery { PublicParameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" };
        var ami = Assert.Single(Amis(await FindAsync(query, "us-west-2")));
        Assert.Equal("al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", ami.Name);
        Assert.True(ami.FreeTierEligible);
        var request = BaseImageFinder.BuildRequest(null, query);
        Assert.Contains(request.Filters, f => f.Name == "public-ssm-parameter-name");
        Assert.Null(request.Owners);
    }

    [Theory]
    [InlineData("Ubuntu2604", null, null, ErrorIds.UnknownOperatingSystem)]
    [InlineData("WindowsServer2022", "arm64", null, ErrorIds.ArchitectureNotOffered)]
    [InlineData("Ubuntu2404", null, "German", ErrorIds.LanguageNotOffered)]
    [InlineData("WindowsServer2022", null, "Klingon", ErrorIds.LanguageNotOffered)]
    public async Task BadInputFailsBeforeAnyCall(string os, string? architecture, string? language, string errorId)
    {
        await localAws.Control.ResetAsync();
        var query = new BaseImageQuery { OperatingSystem = os, Architecture = architecture, Language = language };
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => FindAsync(query, "us-east-1"));
        Assert.Equal(errorId, error.ErrorId);
        if (errorId == ErrorIds.UnknownOperatingSystem) Assert.Contains("Ubuntu2404", error.Message, StringComparison.Ordinal);
        Assert.Empty(await localAws.Control.GetCallsAsync());
    }

    [Fact]
    public async Task APublicParameterOutsideTheAwsNamespaceFailsBeforeAnyCall()
    {
        await localAws.Control.ResetAsync();
        var error = await Assert.ThrowsAsync<AmiOperationException>(() => FindAsync(new BaseImageQuery { PublicParameter = "/my/own/param" }, "us-east-1"));
        Assert.Equal(ErrorIds.InvalidPublicParameter, error.ErrorId);
        Assert.Empty(await localAws.Control.GetCallsAsync());
    }

    [Fact]
    public void EveryCatalogueEntryNamesAVerifiedOwner()
    {
        Assert.All(BaseImageCatalogue.Entries, e => Assert.All(e.Owners, o => Assert.True(o == "amazon" || BaseImageCatalogue.IsVerifiedPublisher(o), e.Name + " " + o)));
        Assert.Equal(BaseImageCatalogue.Entries.Count, BaseImageCatalogue.Entries.Select(e => e.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
