using System.Reflection;
using AmiCmdlets.Infrastructure.Loading;

namespace AmiCmdlets.Tests.Loading;

/// <summary>
/// The Windows PowerShell 5.1 AssemblyResolve decision. No machine here runs 5.1, so the decision is a pure function
/// and every way it can go is pinned here on .NET 10.
/// </summary>
public sealed class DependencyResolvePolicyTests
{
    private const string AwsToken = "885c28607f98e604";
    private static readonly string ModuleDirectory = Path.Combine(Path.GetTempPath(), "Modules", "AmiCmdlets", "0.1.0");
    private static readonly string Dependencies = Path.Combine(ModuleDirectory, "Dependencies");
    private static readonly string EnginePath = Path.Combine(Dependencies, "AmiCmdlets.Engine.dll");
    private static readonly string RootPath = Path.Combine(ModuleDirectory, "AmiCmdlets.dll");
    private static readonly string AwsToolsCore = Path.Combine(Path.GetTempPath(), "Modules", "AWS.Tools.Common", "5.0.0", "AWSSDK.Core.dll");

    internal static readonly ShippedAssemblyCatalogue Catalogue = new(
        new[]
        {
            new ShippedAssembly("AmiCmdlets.Engine", new Version(0, 1, 0, 0), "", EnginePath),
            new ShippedAssembly("AWSSDK.Core", new Version(4, 0, 0, 0), AwsToken, Path.Combine(Dependencies, "AWSSDK.Core.dll")),
            new ShippedAssembly("AWSSDK.EC2", new Version(4, 0, 0, 0), AwsToken, Path.Combine(Dependencies, "AWSSDK.EC2.dll")),
            new ShippedAssembly("System.Memory", new Version(4, 0, 1, 2), "cc7b13ffcd2ddd51", Path.Combine(Dependencies, "System.Memory.dll")),
            new ShippedAssembly("AmiCmdlets.Contracts", new Version(0, 1, 0, 0), "", Path.Combine(ModuleDirectory, "AmiCmdlets.Contracts.dll")),
        },
        new ShippedAssembly("AmiCmdlets", new Version(0, 1, 0, 0), "", RootPath));

    private static readonly AssemblyName Engine = new("AmiCmdlets.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null");
    private static readonly AssemblyName Root = new("AmiCmdlets, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null");
    private static readonly AssemblyName ForeignEc2 = new("AWSSDK.EC2, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken);

    private static ShippedAssembly? Decide(string requested, AssemblyName? requester, string? requesterLocation) =>
        DependencyResolvePolicy.Decide(new AssemblyName(requested), requester, requesterLocation, Catalogue);

    [Fact]
    public void ServesWhatTheEngineReferences()
    {
        var served = Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, Engine, EnginePath);
        Assert.Equal(Path.Combine(Dependencies, "AWSSDK.Core.dll"), served?.Path);
    }

    [Fact]
    public void ServesAnOlderVersionThanShippedToOurOwnAssemblies()
    {
        Assert.NotNull(Decide("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", Engine, EnginePath));
    }

    [Fact]
    public void DeclinesAForeignRequester()
    {
        // AWS.Tools' own AWSSDK.EC2 looking for its Core must not get ours: it is another module's problem.
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, ForeignEc2, Path.Combine(Path.GetDirectoryName(AwsToolsCore)!, "AWSSDK.EC2.dll")));
        // A name we ship is not enough: the requester must be our file of that name.
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, Engine, Path.Combine(Path.GetTempPath(), "elsewhere", "AmiCmdlets.Engine.dll")));
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, new AssemblyName("SomeoneElse"), Path.Combine(Path.GetTempPath(), "SomeoneElse.dll")));
    }

    [Fact]
    public void DeclinesANewerVersionThanShipped()
    {
        Assert.Null(Decide("AWSSDK.Core, Version=4.1.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, Engine, EnginePath));
        Assert.Null(Decide("System.Memory, Version=4.0.2.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", Engine, EnginePath));
    }

    [Fact]
    public void DeclinesAWrongOrMissingPublicKeyToken()
    {
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef", Engine, EnginePath));
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=null", Engine, EnginePath));
        Assert.Null(Decide("AWSSDK.Core", Engine, EnginePath));
    }

    [Fact]
    public void ServesTheEngineAndContractsWhoeverAsks()
    {
        // PowerShell reaches the engine through our completers and output types, sometimes before any cmdlet ran:
        // Tab on -ImageId in a fresh session must find Contracts although it sits at the root, not in Dependencies/.
        const string contracts = "AmiCmdlets.Contracts, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null";
        Assert.Equal(Path.Combine(ModuleDirectory, "AmiCmdlets.Contracts.dll"), Decide(contracts, Engine, EnginePath)?.Path);
        Assert.NotNull(Decide(contracts, null, null));
        Assert.NotNull(Decide(contracts, ForeignEc2, AwsToolsCore));
        Assert.Equal(EnginePath, Decide("AmiCmdlets.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null", Root, RootPath)?.Path);
        Assert.NotNull(Decide("AmiCmdlets.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null", null, null));
        Assert.NotNull(Decide("AmiCmdlets.Engine", ForeignEc2, AwsToolsCore));
        // Still not a newer engine than ours, nor one signed by someone else.
        Assert.Null(Decide("AmiCmdlets.Engine, Version=9.0.0.0, Culture=neutral, PublicKeyToken=null", null, null));
        Assert.Null(Decide("AmiCmdlets.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=0123456789abcdef", null, null));
    }

    [Fact]
    public void DeclinesNamesTheModuleDoesNotShip()
    {
        Assert.Null(Decide("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed", Engine, EnginePath));
        Assert.Null(Decide("AWSSDK.S3, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, Engine, EnginePath));
        // The root module is ours but not ours to hand out: PowerShell loaded it already.
        Assert.Null(Decide("AmiCmdlets, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null", Engine, EnginePath));
    }

    [Fact]
    public void DeclinesADependencyWhenTheRuntimeNamesNoRequester()
    {
        // Assembly.Load("AWSSDK.Core, ...") or Type.GetType from anyone: not known to be ours, so not answered.
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, null, null));
        Assert.Null(Decide("AWSSDK.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=" + AwsToken, Engine, null));
    }

    [Fact]
    public void TheHandlerNeverThrows()
    {
        var resolver = new DesktopDependencyResolver(Catalogue);
        Assert.Null(resolver.Resolve(null, new ResolveEventArgs("not , a = valid ,, name")));
        // Decided to serve, but the file is not there: declines instead of throwing FileNotFoundException.
        Assert.Null(resolver.Resolve(null, new ResolveEventArgs("AmiCmdlets.Engine, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null")));
    }

    [Fact]
    public void ReadsTheShippedNamesFromTheFilesMetadata()
    {
        // The real files, laid out as build.ps1 ships them.
        var bin = Path.GetDirectoryName(typeof(DependencyResolvePolicyTests).Assembly.Location)!;
        var module = Directory.CreateTempSubdirectory("amicmdlets-catalogue-").FullName;
        try
        {
            var dependencies = Directory.CreateDirectory(Path.Combine(module, "Dependencies")).FullName;
            foreach (var file in new[] { "AWSSDK.Core.dll", "AmiCmdlets.Engine.dll" }) File.Copy(Path.Combine(bin, file), Path.Combine(dependencies, file));
            foreach (var file in new[] { "AmiCmdlets.dll", "AmiCmdlets.Contracts.dll" }) File.Copy(Path.Combine(bin, file), Path.Combine(module, file));
            var catalogue = ShippedAssemblyCatalogue.Read(module, Path.Combine(module, "AmiCmdlets.dll"));

            var core = catalogue.FindServed("AWSSDK.Core")!;
            Assert.Equal((new Version(4, 0, 0, 0), AwsToken), (core.Version, core.PublicKeyToken));
            Assert.NotNull(catalogue.FindServed("AmiCmdlets.Contracts"));
            Assert.Null(catalogue.FindServed("AmiCmdlets"));
            // The engine's real reference to AWSSDK.Core is served to the real engine.
            var engine = AssemblyName.GetAssemblyName(Path.Combine(dependencies, "AmiCmdlets.Engine.dll"));
            var reference = typeof(AmiCmdlets.Engine.Connection.AwsClientFactory).Assembly.GetReferencedAssemblies().Single(r => r.Name == "AWSSDK.Core");
            Assert.NotNull(DependencyResolvePolicy.Decide(reference, engine, Path.Combine(dependencies, "AmiCmdlets.Engine.dll"), catalogue));
        }
        finally
        {
            Directory.Delete(module, recursive: true);
        }
    }
}
