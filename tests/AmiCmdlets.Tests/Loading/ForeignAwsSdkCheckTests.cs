using System.Reflection;
using AmiCmdlets.Infrastructure.Loading;

namespace AmiCmdlets.Tests.Loading;

/// <summary>Windows PowerShell 5.1: refuse to import when another module already loaded an AWSSDK with our identity.</summary>
public sealed class ForeignAwsSdkCheckTests
{
    private static readonly ShippedAssemblyCatalogue Catalogue = DependencyResolvePolicyTests.Catalogue;
    private static readonly string Ours = Catalogue.FindServed("AWSSDK.Core")!.Path;
    private static readonly string AwsTools = Path.Combine(Path.GetTempPath(), "Modules", "AWS.Tools.Common", "5.0.0", "AWSSDK.Core.dll");

    private static KeyValuePair<AssemblyName, string?> Loaded(string name, string? location) => new(new AssemblyName(name), location);

    [Fact]
    public void NamesAForeignCoreOfOurIdentityWithItsLocationAndVersion()
    {
        var message = ForeignAwsSdkCheck.Conflict(new[]
        {
            Loaded("mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089", null),
            Loaded("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", AwsTools),
        }, Catalogue);
        Assert.NotNull(message);
        Assert.Contains("AWSSDK.Core 4.0.0.0", message);
        Assert.Contains(AwsTools, message);
        Assert.Contains("PowerShell 7", message);
    }

    [Fact]
    public void AnyShippedAwsSdkAssemblyCounts()
    {
        Assert.NotNull(ForeignAwsSdkCheck.Conflict(new[] { Loaded("AWSSDK.EC2, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", AwsTools) }, Catalogue));
        // Loaded from bytes: no file, still not ours.
        Assert.Contains("memory", ForeignAwsSdkCheck.Conflict(new[] { Loaded("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", "") }, Catalogue));
    }

    [Fact]
    public void OurOwnCoreIsNoConflict()
    {
        // A second Import-Module after our first call: the Core loaded is ours.
        Assert.Null(ForeignAwsSdkCheck.Conflict(new[] { Loaded("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", Ours) }, Catalogue));
    }

    [Fact]
    public void AnotherIdentityLoadsSideBySide()
    {
        // AWS.Tools 4 / AWSPowerShell carry SDK v3.7, assembly version 3.3.0.0: .NET Framework keeps both.
        Assert.Null(ForeignAwsSdkCheck.Conflict(new[] { Loaded("AWSSDK.Core, Version=3.3.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", AwsTools) }, Catalogue));
        Assert.Null(ForeignAwsSdkCheck.Conflict(new[] { Loaded("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef", AwsTools) }, Catalogue));
    }

    [Fact]
    public void OtherAssembliesAreNotItsBusiness()
    {
        Assert.Null(ForeignAwsSdkCheck.Conflict(new[]
        {
            Loaded("AWSSDK.S3, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604", AwsTools),
            Loaded("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "/elsewhere/System.Memory.dll"),
        }, Catalogue));
    }
}
