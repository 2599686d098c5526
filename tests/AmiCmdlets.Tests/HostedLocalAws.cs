using System.Management.Automation;
using LocalAws;

namespace AmiCmdlets.Tests;

/// <summary>
/// One LocalAws for a test class that runs cmdlets hosted in-process, with the arguments that point them at
/// it, and the total of the calls it has answered (to prove a refusal came before any call).
/// </summary>
public sealed class HostedLocalAws : IAsyncLifetime
{
    public LocalAwsServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public string EndpointUrl => Server.Url.ToString();

    public static PSCredential Key(string secret = LocalAwsAccounts.DefaultSecretKey)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in secret) secure.AppendChar(c);
        return new PSCredential(LocalAwsAccounts.DefaultAccessKey, secure);
    }

    public async Task<int> TotalCallsAsync() => (await Server.Control.GetCallsAsync()).Sum(c => c.Count);

    /// <summary>
    /// Runs one command with the given parameters (plus endpoint and keys unless given) and returns the
    /// first error it raised, terminating or not, or null.
    /// </summary>
    public ErrorRecord? FirstError(string command, IDictionary<string, object?> parameters)
    {
        using var shell = PowerShellHost.Create();
        shell.AddCommand(command);
        if (!parameters.ContainsKey("EndpointUrl")) shell.AddParameter("EndpointUrl", EndpointUrl);
        if (!parameters.ContainsKey("Credential")) shell.AddParameter("Credential", Key());
        foreach (var (name, value) in parameters) shell.AddParameter(name, value);
        try
        {
            shell.Invoke();
        }
        catch (RuntimeException thrown)
        {
            return thrown.ErrorRecord;
        }
        return shell.Streams.Error.FirstOrDefault();
    }
}
