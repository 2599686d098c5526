using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Tests;

/// <summary>The AwsCredentialsNotFound text: one line per source of the default chain, saying what each gave.</summary>
public sealed class CredentialSearchTests
{
    private static string Report(Dictionary<string, string> env, params string[] profiles) =>
        CredentialSearch.Report(name => env.TryGetValue(name, out var v) ? v : null, name => profiles.Contains(name));

    [Fact]
    public void AKeyIdWithoutItsSecretIsNamed()
    {
        var report = Report(new() { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE", ["AWS_EC2_METADATA_DISABLED"] = "true" });
        Assert.Contains("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not", report);
        Assert.DoesNotContain("AKIAEXAMPLE", report);
    }

    [Fact]
    public void TheProfileOfAwsProfileAndTheFilesSearchedAreNamed()
    {
        var report = Report(new() { ["AWS_PROFILE"] = "prod", ["AWS_SHARED_CREDENTIALS_FILE"] = "/x/credentials", ["AWS_CONFIG_FILE"] = "/x/config" });
        Assert.Contains("profile 'prod' (AWS_PROFILE): not in /x/credentials or /x/config", report);
        Assert.Contains("EC2 instance role: the instance metadata service gave none", report);
        Assert.Contains("profile 'prod' (AWS_PROFILE): found, but it gives no usable credentials", Report(new() { ["AWS_PROFILE"] = "prod" }, "prod"));
    }

    [Fact]
    public void EachSourceIsOneLineAndTheFixesFollow()
    {
        var lines = Report(new()).Split(Environment.NewLine);
        var fixAt = Array.FindIndex(lines, l => l.StartsWith("To fix", StringComparison.Ordinal));
        Assert.Equal(7, fixAt); // the heading and six sources
        Assert.All(lines.Skip(1).Take(6), line => Assert.StartsWith("  ", line));
        Assert.Contains(lines.Skip(fixAt), l => l.Contains("-Credential") && l.Contains("-ProfileName"));
    }
}
