using System.Management.Automation;

namespace AmiCmdlets.Tests.Loading;

/// <summary>
/// AmiCmdlets.Requirements.ps1, the manifest's first nested module: refuses .NET Framework older than 4.7.2 under
/// Windows PowerShell 5.1 before AmiCmdlets.dll's types are read. Its decision depends only on its two parameters
/// (computed from $PSVersionTable and the registry at import), so it runs here on .NET 10 with every case.
/// </summary>
public sealed class FrameworkRequirementTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "src", "AmiCmdlets", "AmiCmdlets.Requirements.ps1");

    [Theory]
    [InlineData(394802)] // 4.6.2, Windows Server 2016 as shipped
    [InlineData(460798)] // 4.7
    [InlineData(461308)] // 4.7.1: netstandard is in the box, but 4.7.2 is the documented minimum for netstandard2.0 libraries
    public void RefusesOlderThan472AndSaysWhatToInstall(int release)
    {
        var error = Assert.Throws<RuntimeException>(() => Run("Desktop", release));
        Assert.Equal("NetFrameworkTooOld", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("4.7.2", error.Message);
        Assert.Contains("https://dotnet.microsoft.com/download/dotnet-framework/net48", error.Message);
        Assert.Contains("release " + release, error.Message);
    }

    [Theory]
    [InlineData(461808)] // 4.7.2
    [InlineData(528040)] // 4.8
    [InlineData(533320)] // 4.8.1
    public void Accepts472AndLater(int release) => Run("Desktop", release);

    [Fact]
    public void NeverChecksOnPowerShell7() => Run("Core", 1);

    [Fact]
    public void AnUnreadableRegistryIsNotAReasonToRefuse() => Run("Desktop", null);

    [Fact]
    public void TheManifestRunsItBeforeTheBinaryModule()
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryRoot(), "AmiCmdlets.psd1"));
        Assert.Matches(@"NestedModules\s*=\s*@\('AmiCmdlets.Requirements.ps1'\)", manifest);
    }

    private static void Run(string edition, int? release)
    {
        using var shell = PowerShell.Create();
        shell.AddCommand(Script).AddParameter("AmiCmdletsEdition", edition).AddParameter("AmiCmdletsFrameworkRelease", release);
        shell.Invoke();
        Assert.Empty(shell.Streams.Error);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "AmiCmdlets.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("AmiCmdlets.sln not found above " + AppContext.BaseDirectory);
    }
}
