using System;
using System.IO;
using Amazon.Runtime.CredentialManagement;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// What the SDK's default credential chain looked at, one line per source, and what to do: the text of
/// AwsCredentialsNotFound. Worked out from the environment and the shared files rather than from the SDK's
/// provider exceptions, whose wording ("The webIdentityTokenFile must be an absolute path" when the variable
/// is simply not set) tells a new user nothing.
/// </summary>
internal static class CredentialSearch
{
    /// <summary>The report for this process's environment and shared files.</summary>
    internal static string Report() => Report(Environment.GetEnvironmentVariable, ProfileExists);

    internal static string Report(Func<string, string?> environment, Func<string, bool> profileExists)
    {
        bool IsSet(string name) => !string.IsNullOrEmpty(environment(name));
        string Both(string a, string b) =>
            IsSet(a) && IsSet(b) ? a + " and " + b + " are set but gave no credentials"
            : IsSet(a) ? a + " is set but " + b + " is not"
            : IsSet(b) ? b + " is set but " + a + " is not"
            : a + " and " + b + " are not set";

        var profileName = IsSet("AWS_PROFILE") ? environment("AWS_PROFILE")! : "default";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var credentialsFile = IsSet("AWS_SHARED_CREDENTIALS_FILE") ? environment("AWS_SHARED_CREDENTIALS_FILE")! : Path.Combine(home, ".aws", "credentials");
        var configFile = IsSet("AWS_CONFIG_FILE") ? environment("AWS_CONFIG_FILE")! : Path.Combine(home, ".aws", "config");
        var metadataOff = string.Equals(environment("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);

        // The SDK's default chain, in its order.
        var lines = new[]
        {
            "No AWS credentials were found. Looked in, in this order:",
            "  AmiCmdlets: no -Credential or -ProfileName, and none stored with Set-AmiContext",
            "  environment: " + Both("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
            "  web identity: " + Both("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"),
            "  profile '" + profileName + "'" + (IsSet("AWS_PROFILE") ? " (AWS_PROFILE)" : "") + ": " +
                (profileExists(profileName) ? "found, but it gives no usable credentials" : "not in " + credentialsFile + " or " + configFile),
            "  container role: " + (IsSet("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || IsSet("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                ? "the container credentials endpoint gave none"
                : "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set (not in ECS or EKS)"),
            "  EC2 instance role: " + (metadataOff
                ? "instance metadata is turned off (AWS_EC2_METADATA_DISABLED=true)"
                : "the instance metadata service gave none (not on EC2, or no role attached)"),
            "To fix, do one of:",
            "  pass -Credential (access key id as user name, secret access key as password) or -ProfileName <name>",
            "  run Set-AmiContext -ProfileName <name> (or -Credential) once for this session",
            "  set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)",
            "  create a profile with 'aws configure', or 'aws configure sso' and then 'aws sso login'",
        };
        return string.Join(Environment.NewLine, lines);
    }

    private static bool ProfileExists(string name) => new CredentialProfileStoreChain().TryGetProfile(name, out _);
}
