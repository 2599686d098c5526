using Amazon.Runtime.CredentialManagement;
using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Tests;

public sealed class ConnectionResolverTests
{
    private static ConnectionResolver Resolver(Dictionary<string, string>? env = null, CredentialProfile? profile = null) =>
        new(name => env != null && env.TryGetValue(name, out var v) ? v : null,
            name => profile != null && profile.Name == name ? profile : null);

    private static CredentialProfile Profile(string name, string? region)
    {
        var p = new CredentialProfile(name, new CredentialProfileOptions { AccessKey = "AKIAPROFILE", SecretKey = "profile-secret" });
        if (region != null) p.Region = Amazon.RegionEndpoint.GetBySystemName(region);
        return p;
    }

    [Fact]
    public void RegionParameterBeatsEverything()
    {
        var resolver = Resolver(new() { ["AWS_REGION"] = "eu-west-1", ["AWS_DEFAULT_REGION"] = "eu-west-2" }, Profile("default", "ap-south-1"));
        var c = resolver.Resolve(new ConnectionSettings { Region = "us-west-2" }, new ConnectionSettings { Region = "ca-central-1" });
        Assert.Equal("us-west-2", c.Region);
        Assert.Equal("-Region parameter", c.RegionSource);
    }

    [Fact]
    public void ContextBeatsEnvironment()
    {
        var c = Resolver(new() { ["AWS_REGION"] = "eu-west-1" }).Resolve(new ConnectionSettings(), new ConnectionSettings { Region = "ca-central-1" });
        Assert.Equal(("ca-central-1", "Set-AmiContext"), (c.Region, c.RegionSource));
    }

    [Fact]
    public void AwsRegionBeatsAwsDefaultRegionWhichBeatsProfile()
    {
        var both = Resolver(new() { ["AWS_REGION"] = "eu-west-1", ["AWS_DEFAULT_REGION"] = "eu-west-2" }, Profile("default", "ap-south-1"));
        Assert.Equal("eu-west-1", both.Resolve(new ConnectionSettings(), null).Region);
        var defaultOnly = Resolver(new() { ["AWS_DEFAULT_REGION"] = "eu-west-2" }, Profile("default", "ap-south-1"));
        Assert.Equal("eu-west-2", defaultOnly.Resolve(new ConnectionSettings(), null).Region);
        var profileOnly = Resolver(null, Profile("default", "ap-south-1"));
        var c = profileOnly.Resolve(new ConnectionSettings(), null);
        Assert.Equal(("ap-south-1", "profile 'default'"), (c.Region, c.RegionSource));
    }

    [Fact]
    public void NoRegionAnywhereIsRegionNotSpecifiedNamingTheOptions()
    {
        var error = Assert.Throws<AmiOperationException>(() => Resolver().Resolve(new ConnectionSettings(), null));
        Assert.Equal("RegionNotSpecified", error.ErrorId);
        foreach (var option in new[] { "-Region", "Set-AmiContext", "AWS_REGION", "AWS_DEFAULT_REGION", "profile" })
            Assert.Contains(option, error.Message);
    }

    [Fact]
    public void MalformedRegionIsRejectedBeforeAnyCall()
    {
        var error = Assert.Throws<AmiOperationException>(() => Resolver(new() { ["AWS_REGION"] = "Frankfurt" }).Resolve(new ConnectionSettings(), null));
        Assert.Equal("InvalidRegion", error.ErrorId);
        Assert.Contains("AWS_REGION", error.Message);
    }

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_DEFAULT_REGION")]
    public void UnknownOrMalformedRegionFromTheEnvironmentIsRefusedWhenResolving(string variable)
    {
        var error = Assert.Throws<AmiOperationException>(() => Resolver(new() { [variable] = "us-east-9" }).Resolve(new ConnectionSettings(), null));
        Assert.Equal("UnknownRegion", error.ErrorId);
        Assert.Contains(variable, error.Message);
        var trailing = Assert.Throws<AmiOperationException>(() => Resolver(new() { [variable] = "us-east-1\n" }).Resolve(new ConnectionSettings(), null));
        Assert.Equal("InvalidRegion", trailing.ErrorId);
    }

    [Fact]
    public void UnknownRegionFromAProfileIsUnknownRegion()
    {
        var error = Assert.Throws<AmiOperationException>(() => Resolver(null, Profile("default", "eu-west-7")).Resolve(new ConnectionSettings(), null));
        Assert.Equal("UnknownRegion", error.ErrorId);
    }

    [Fact]
    public void MissingProfileIsAnErrorNeverAFallThrough()
    {
        var error = Assert.Throws<AmiOperationException>(() =>
            Resolver(new() { ["AWS_ACCESS_KEY_ID"] = "AKIAENV" }).Resolve(new ConnectionSettings { Region = "us-east-1", ProfileName = "nope" }, null));
        Assert.Equal("ProfileNotFound", error.ErrorId);
        Assert.Equal("nope", error.Target);
    }

    [Fact]
    public void CredentialParameterBeatsProfileAndContext()
    {
        var resolver = Resolver(null, Profile("ops", "us-east-1"));
        var c = resolver.Resolve(new ConnectionSettings { Credential = new AccessKeyCredential("AKIAPARAM", "s3cret"), ProfileName = "ops" },
            new ConnectionSettings { ProfileName = "ops" });
        Assert.Equal("-Credential parameter", c.CredentialSource);
        var fromProfile = resolver.Resolve(new ConnectionSettings { ProfileName = "ops" }, new ConnectionSettings { Credential = new AccessKeyCredential("AKIACTX", "x") });
        Assert.Equal("ops", fromProfile.ProfileName);
        var fromContext = resolver.Resolve(new ConnectionSettings { Region = "us-east-1" }, new ConnectionSettings { Credential = new AccessKeyCredential("AKIACTX", "x") });
        Assert.Contains("Set-AmiContext", fromContext.CredentialSource);
    }

    [Fact]
    public void EndpointPrecedenceAndPerServiceEnvironment()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1", ["AWS_ENDPOINT_URL_KMS"] = "http://127.0.0.1:2", ["AWS_REGION"] = "us-east-1" };
        var resolver = Resolver(env);
        var fromEnv = resolver.Resolve(new ConnectionSettings(), null);
        Assert.Equal("http://127.0.0.1:1", resolver.EndpointFor(fromEnv, "EC2"));
        Assert.Equal("http://127.0.0.1:2", resolver.EndpointFor(fromEnv, "KMS"));
        var explicitOne = resolver.Resolve(new ConnectionSettings { EndpointUrl = "http://127.0.0.1:3" }, new ConnectionSettings { EndpointUrl = "http://127.0.0.1:4" });
        Assert.Equal("http://127.0.0.1:3", resolver.EndpointFor(explicitOne, "KMS"));
        var fromContext = resolver.Resolve(new ConnectionSettings(), new ConnectionSettings { EndpointUrl = "http://127.0.0.1:4" });
        Assert.Equal("http://127.0.0.1:4", resolver.EndpointFor(fromContext, "KMS"));
        Assert.Null(Resolver(new() { ["AWS_REGION"] = "us-east-1" }).Resolve(new ConnectionSettings(), null).EndpointUrl);
    }

    [Fact]
    public void SecretNeverAppearsInToStringOrSources()
    {
        var key = new AccessKeyCredential("AKIAVISIBLE", "do-not-show-this-secret");
        var c = Resolver().Resolve(new ConnectionSettings { Region = "us-east-1", Credential = key }, null);
        Assert.DoesNotContain("do-not-show-this-secret", key.ToString());
        Assert.DoesNotContain("do-not-show-this-secret", c.CredentialSource);
        Assert.DoesNotContain("do-not-show-this-secret", c.IdentityKey);
    }
}
