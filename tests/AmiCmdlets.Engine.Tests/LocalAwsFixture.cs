using AmiCmdlets.Contracts.Engine;
using AmiCmdlets.Engine.Connection;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>One LocalAws for the whole test assembly; tests reset it before they seed.</summary>
public sealed class LocalAwsFixture : IAsyncLifetime
{
    public LocalAwsServer Server { get; private set; } = null!;

    public LocalAwsControl Control => Server.Control;

    public string Url => Server.Url.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Server = await LocalAwsServer.StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A factory whose resolver sees no environment at all: only what the test passes.</summary>
    public static AwsClientFactory IsolatedFactory() =>
        new(new ConnectionResolver(_ => null, _ => null));

    public ResolvedConnection Connection(AwsClientFactory factory, string region = "us-east-1",
        string accessKey = LocalAwsAccounts.DefaultAccessKey, string secretKey = LocalAwsAccounts.DefaultSecretKey, string? roleArn = null) =>
        factory.Resolver.Resolve(new ConnectionSettings
        {
            Region = region,
            Credential = new AccessKeyCredential(accessKey, secretKey),
            EndpointUrl = Url,
            RoleArn = roleArn,
            MaxAttempts = 3,
        }, null);

    /// <summary>Runs an engine operation to the end and returns everything it reported.</summary>
    public static async Task<List<EngineEvent>> CollectAsync(Func<EngineEventStream, CancellationToken, Task> operation)
    {
        using var events = new EngineEventStream();
        await operation(events, CancellationToken.None);
        events.Complete();
        return events.Consume(CancellationToken.None).ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalAwsCollection : ICollectionFixture<LocalAwsFixture>
{
    public const string Name = "LocalAws";
}
