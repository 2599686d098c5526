using System.Reflection;
using Amazon.EC2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.SecurityToken;
using AmiCmdlets.Engine.Connection;
using LocalAws;

namespace AmiCmdlets.Engine.Tests;

/// <summary>
/// Every EC2, KMS and STS action the engine can call is one LocalAws serves: an action added to the engine without
/// its emulation fails here, not in a user's test run. The list comes from the engine assembly itself (every
/// SDK request it constructs), so nobody has to keep it.
/// </summary>
public sealed class EmulatedActionTests
{
    private static readonly Assembly Engine = typeof(AwsClientFactory).Assembly;

    [Fact]
    public void The_engine_action_list_is_found_by_reading_the_engine()
    {
        var actions = EngineActions().Select(a => a.Action).ToList();

        // A scanner that found nothing would make the test below pass vacuously.
        foreach (var expected in new[] { "DescribeImages", "CreateImage", "CopyImage", "DeregisterImage", "DescribeKey", "AssumeRole" })
            Assert.Contains(expected, actions);
    }

    [Fact]
    public async Task Every_action_the_engine_calls_is_emulated_by_LocalAws()
    {
        await using var server = await LocalAwsServer.StartAsync();
        var url = server.Url.ToString();
        var keys = new BasicAWSCredentials(LocalAwsAccounts.DefaultAccessKey, LocalAwsAccounts.DefaultSecretKey);
        using var ec2 = new AmazonEC2Client(keys, new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var kms = new AmazonKeyManagementServiceClient(keys, new AmazonKeyManagementServiceConfig { ServiceURL = url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        using var sts = new AmazonSecurityTokenServiceClient(keys, new AmazonSecurityTokenServiceConfig { ServiceURL = url, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var unknown = new List<string>();
        foreach (var (service, action, requestType) in EngineActions())
        {
            object client = service switch { "ec2" => ec2, "kms" => kms, _ => sts };
            var method = client.GetType().GetMethod(action + "Async", new[] { requestType, typeof(CancellationToken) })
                ?? throw new InvalidOperationException($"The {service} client has no {action}Async({requestType.Name}, CancellationToken).");
            // An empty request: LocalAws may refuse its parameters, but only an action it does not know answers
            // InvalidAction (EC2, STS) or UnknownOperationException (KMS).
            try { await (Task)method.Invoke(client, new[] { Activator.CreateInstance(requestType), CancellationToken.None })!; }
            catch (AmazonServiceException e) when (e.ErrorCode is "InvalidAction" or "UnknownOperationException")
            {
                unknown.Add($"{service}:{action}");
            }
            catch (AmazonServiceException) { }
        }

        Assert.True(unknown.Count == 0, "The engine calls actions LocalAws does not emulate: " + string.Join(", ", unknown)
            + ". Emulate each (src/LocalAws, one API per file) and list it in src/LocalAws/README.md.");
    }

    [Fact]
    public void LocalAws_README_lists_every_action_the_engine_calls()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "LocalAws", "README.md"));
        var missing = EngineActions().Select(a => a.Action).Where(a => !readme.Contains(a, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "src/LocalAws/README.md does not list: " + string.Join(", ", missing));
    }

    /// <summary>
    /// The SDK requests the engine constructs (every 'newobj' of an AmazonWebServiceRequest in its IL, async state
    /// machines and lambdas included), as (service, action, request type).
    /// </summary>
    internal static IReadOnlyList<(string Service, string Action, Type RequestType)> EngineActions()
    {
        var found = new SortedDictionary<string, (string, string, Type)>(StringComparer.Ordinal);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in Engine.GetTypes())
        {
            foreach (var member in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = member.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    if (il[i] != 0x73) continue; // newobj <token>
                    var token = BitConverter.ToInt32(il, i + 1);
                    var table = token >>> 24;
                    if (table is not (0x06 or 0x0A or 0x2B)) continue; // MethodDef, MemberRef, MethodSpec
                    if (ResolveConstructor(type, member, token)?.DeclaringType is not { } created) continue;
                    if (!typeof(AmazonWebServiceRequest).IsAssignableFrom(created) || !created.Name.EndsWith("Request", StringComparison.Ordinal)) continue;
                    var service = created.Namespace switch
                    {
                        "Amazon.EC2.Model" => "ec2",
                        "Amazon.KeyManagementService.Model" => "kms",
                        "Amazon.SecurityToken.Model" => "sts",
                        _ => throw new InvalidOperationException($"The engine calls {created.FullName}: a service LocalAws does not serve."),
                    };
                    var action = created.Name[..^"Request".Length];
                    found[service + ":" + action] = (service, action, created);
                }
            }
        }
        return found.Values.ToList();
    }

    private static ConstructorInfo? ResolveConstructor(Type type, MethodBase member, int token)
    {
        try
        {
            var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
            var methodArguments = member.IsGenericMethod ? member.GetGenericArguments() : null;
            return type.Module.ResolveMethod(token, typeArguments, methodArguments) as ConstructorInfo;
        }
        catch (ArgumentException) { return null; } // a byte that only looked like newobj
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AmiCmdlets.sln"))) return dir.FullName;
        throw new InvalidOperationException("AmiCmdlets.sln not found above " + AppContext.BaseDirectory);
    }
}
