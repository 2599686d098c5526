using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

/// <summary>Base images owned as on AWS, the fields and filters that judge where an image comes from, Inspector findings and ancestry.</summary>
public sealed class BaseImageOwnersTests : IClassFixture<LocalAwsFixture>, IAsyncLifetime
{
    private const string Noble = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101";
    private readonly LocalAwsFixture _aws;

    public BaseImageOwnersTests(LocalAwsFixture aws) => _aws = aws;

    public Task InitializeAsync() => _aws.Control.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ubuntu_comes_from_Canonical_and_a_community_look_alike_shares_its_name()
    {
        using var ec2 = _aws.Ec2("eu-west-1");
        var byName = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("name", new() { Noble }) } })).Images;
        Assert.Equal(2, byName.Count);
        var canonical = byName.Single(i => i.OwnerId == LocalAwsPublishers.Canonical);
        var lookAlike = byName.Single(i => i.OwnerId == LocalAwsPublishers.CommunityLookAlike);
        Assert.Null(canonical.ImageOwnerAlias);
        Assert.Null(lookAlike.ImageOwnerAlias);
        Assert.True(lookAlike.Public);
        Assert.True(string.CompareOrdinal(lookAlike.CreationDate, canonical.CreationDate) > 0, "the look-alike is newer: only its owner gives it away");

        var amazonOnly = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" }, Filters = new() { new Filter("name", new() { "ubuntu*" }) } });
        Assert.Null(amazonOnly.Images);
        var debian = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { LocalAwsPublishers.Debian } });
        Assert.Equal(2, debian.Images.Count);
        var rhel = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { LocalAwsPublishers.RedHat } });
        Assert.Equal("Red Hat Enterprise Linux", Assert.Single(rhel.Images).PlatformDetails);
    }

    [Fact]
    public async Task Marketplace_images_carry_product_codes_and_filters_find_them()
    {
        using var ec2 = _aws.Ec2("us-east-1");
        var marketplace = Assert.Single((await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "aws-marketplace" } })).Images);
        Assert.Equal("aws-marketplace", marketplace.ImageOwnerAlias);
        var code = Assert.Single(marketplace.ProductCodes);
        Assert.Equal(LocalAwsPublishers.HardenedUbuntuProductCode, code.ProductCodeId);
        Assert.Equal(ProductCodeValues.Marketplace, code.ProductCodeType);

        var byCode = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("product-code", new() { LocalAwsPublishers.HardenedUbuntuProductCode }) } });
        Assert.Equal(marketplace.ImageId, Assert.Single(byCode.Images).ImageId);
        var byType = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("product-code.type", new() { "marketplace" }) } });
        Assert.Single(byType.Images);

        var freeTier = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = new() { "amazon" }, Filters = new() { new Filter("free-tier-eligible", new() { "true" }) } });
        Assert.All(freeTier.Images, i => Assert.True(i.FreeTierEligible));
        Assert.Contains(freeTier.Images, i => i.Name.StartsWith("al2023-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Public_ssm_parameter_filter_returns_every_image_ever_associated()
    {
        using var ec2 = _aws.Ec2("us-west-2");
        var parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
        var current = await ec2.DescribeImagesAsync(new DescribeImagesRequest { Filters = new() { new Filter("public-ssm-parameter-name", new() { parameter }) } });
        Assert.Equal("al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", Assert.Single(current.Images).Name);
        var all = await ec2.DescribeImagesAsync(new DescribeImagesRequest { IncludeDeprecated = true, Filters = new() { new Filter("public-ssm-parameter-name", new() { parameter }) } });
        Assert.Equal(2, all.Images.Count);
    }

    [Fact]
    public async Task Seeded_images_carry_product_codes_allowed_state_and_findings()
    {
        var seeded = await _aws.Control.SeedAsync(new SeedRequest
        {
            Images = new[] { new SeedImage { Name = "vendor-app", ProductCodes = new[] { "prodseeded" }, ImageAllowed = false, FindingSeverities = new[] { "critical", "low" } } },
        });
        using var ec2 = _aws.Ec2();
        var image = await Ec2Helpers.ImageAsync(ec2, seeded.ImageIds[0]);
        Assert.Equal("prodseeded", Assert.Single(image.ProductCodes).ProductCodeId);
        Assert.False(image.ImageAllowed);
        var findings = await ec2.GetImageFindingsAsync(new GetImageFindingsRequest { ImageId = image.ImageId, MaxResults = 1 });
        Assert.Equal("critical", Assert.Single(findings.ImageFindings).SeverityLabel.Value);
        Assert.NotNull(findings.NextToken);
        var rest = await ec2.GetImageFindingsAsync(new GetImageFindingsRequest { ImageId = image.ImageId, NextToken = findings.NextToken });
        Assert.Equal("low", Assert.Single(rest.ImageFindings).SeverityLabel.Value);
        Assert.Null(rest.NextToken);
    }

    [Fact]
    public async Task Findings_of_a_public_image_and_none_for_an_unscanned_one()
    {
        using var ec2 = _aws.Ec2("eu-west-1");
        var windows = await Ec2Helpers.BaseImageIdAsync(ec2, "Windows_Server-2019-English-Full-Base-2026.11.12");
        var findings = (await ec2.GetImageFindingsAsync(new GetImageFindingsRequest { ImageId = windows })).ImageFindings;
        Assert.Equal(new[] { "critical", "medium" }, findings.Select(f => f.SeverityLabel.Value));
        var al2023 = await Ec2Helpers.BaseImageIdAsync(ec2);
        Assert.Null((await ec2.GetImageFindingsAsync(new GetImageFindingsRequest { ImageId = al2023 })).ImageFindings);
        var missing = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.GetImageFindingsAsync(new GetImageFindingsRequest { ImageId = "ami-0123456789abcdef0" }));
        Assert.Equal("InvalidAMIID.NotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task Ancestry_follows_captures_and_copies_back_to_the_base_image()
    {
        using var ec2 = _aws.Ec2("us-east-1");
        var baseId = await Ec2Helpers.BaseImageIdAsync(ec2);
        var instance = await Ec2Helpers.LaunchAsync(ec2, baseId);
        var captured = (await ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "golden-1" })).ImageId;
        using var london = _aws.Ec2("eu-west-2");
        var copied = (await london.CopyImageAsync(new CopyImageRequest { SourceImageId = captured, SourceRegion = "us-east-1", Name = "golden-1" })).ImageId;

        var chain = (await london.GetImageAncestryAsync(new GetImageAncestryRequest { ImageId = copied })).ImageAncestryEntries;
        Assert.Equal(new[] { copied, captured, baseId }, chain.Select(e => e.ImageId));
        Assert.Equal("us-east-1", chain[0].SourceImageRegion);
        Assert.Equal(captured, chain[0].SourceImageId);
        Assert.Equal(baseId, chain[1].SourceImageId);
        Assert.Null(chain[2].SourceImageId);
        Assert.Equal("amazon", chain[2].ImageOwnerAlias);
        Assert.NotNull(chain[2].CreationDate);
    }
}
