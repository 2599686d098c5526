using System.Management.Automation;
using LocalAws;

namespace AmiCmdlets.Tests;

/// <summary>Binding and error behaviour of Get-Ami hosted in-process against LocalAws.</summary>
public sealed class GetAmiBindingTests : IAsyncLifetime
{
    private LocalAwsServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private PowerShell GetAmi(PowerShell shell) => shell.AddCommand("Get-Ami")
        .AddParameter("EndpointUrl", _server.Url.ToString())
        .AddParameter("Credential", new PSCredential(LocalAwsAccounts.DefaultAccessKey, Secure(LocalAwsAccounts.DefaultSecretKey)));

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

    [Fact]
    public async Task PipedObjectsBindImageIdAndRegionByPropertyName()
    {
        var seeded = await _server.Control.SeedAsync(new SeedRequest { Region = "ca-central-1", Images = [new SeedImage { Name = "piped" }] });
        using var shell = PowerShellHost.Create();
        var input = new PSObject();
        input.Properties.Add(new PSNoteProperty("ImageId", seeded.ImageIds[0]));
        input.Properties.Add(new PSNoteProperty("Region", "ca-central-1"));
        var results = GetAmi(shell).Invoke(new[] { input });
        var ami = Assert.IsType<Ami>(Assert.Single(results).BaseObject);
        Assert.Equal("piped", ami.Name);
        Assert.Equal("ca-central-1", ami.Region);
        Assert.False(shell.HadErrors);
    }

    [Fact]
    public void MissingIdIsANonTerminatingErrorWithIdCategoryAndTarget()
    {
        using var shell = PowerShellHost.Create();
        GetAmi(shell).AddParameter("Region", new[] { "us-east-1" }).AddParameter("ImageId", new[] { "ami-0123456789abcdef0" }).Invoke();
        var error = Assert.Single(shell.Streams.Error);
        Assert.Equal("AmiNotFound,AmiCmdlets.GetAmiCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("ami-0123456789abcdef0", error.TargetObject);
    }

    [Fact]
    public async Task StoppingWhileThePipelineHoldsAnImageEndsPagingAStreamAndAPageAhead()
    {
        // 5,000 images, five pages. The pipeline holds the first image: the engine fills the stream (about a page),
        // asks for page 3 in advance and waits for room. Ctrl+C then ends it there.
        await _server.Control.SeedAsync(new SeedRequest { Region = "us-west-2", BulkImages = new SeedBulkImages { Count = 5000, NamePrefix = "held-" } });
        using var reached = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        using var shell = PowerShellHost.Create();
        GetAmi(shell).AddParameter("Region", new[] { "us-west-2" }).AddParameter("Name", new[] { "held-*" });
        shell.AddScript("param($Reached, $Release) process { [void]$Reached.Release(); [void]$Release.Wait() }")
            .AddParameter("Reached", reached).AddParameter("Release", release);
        var invocation = shell.BeginInvoke();

        Assert.True(await reached.WaitAsync(TimeSpan.FromSeconds(30)));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await DescribeImagesCallsAsync() < 3 && DateTime.UtcNow < deadline) await Task.Delay(10);
        var stopping = shell.BeginStop(null, null);
        release.Release();
        shell.EndStop(stopping);
        try { shell.EndInvoke(invocation); }
        catch (PipelineStoppedException) { }

        Assert.Equal(3, await DescribeImagesCallsAsync());
    }

    private Task<int> DescribeImagesCallsAsync() => _server.Control.CountCallsAsync("DescribeImages", region: "us-west-2");

    [Fact]
    public void BadCredentialsStopTheCommand()
    {
        using var shell = PowerShellHost.Create();
        shell.AddCommand("Get-Ami").AddParameter("Region", new[] { "us-east-1" }).AddParameter("EndpointUrl", _server.Url.ToString())
            .AddParameter("Credential", new PSCredential(LocalAwsAccounts.DefaultAccessKey, Secure("wrong")));
        var error = Assert.ThrowsAny<RuntimeException>(() => shell.Invoke());
        Assert.Equal("AwsAuthenticationFailed,AmiCmdlets.GetAmiCommand", error.ErrorRecord.FullyQualifiedErrorId);
    }
}
