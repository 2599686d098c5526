using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.Runtime;
using Xunit;

namespace LocalAws.Tests;

/// <summary>The command-line account options of the LocalAws process.</summary>
public sealed class ProcessAccountsTests
{
    private static Process Start(string arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalAws.dll");
        return Process.Start(new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
    }

    [Fact]
    public async Task Accounts_and_account_options_add_accounts_that_sign_with_their_computed_keys()
    {
        using var process = Start("--accounts 2 --account 210000000009 --account 210000000008");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var url = new Uri(line!["LocalAws listening on ".Length..] + "/");
            using var control = new LocalAwsControl(url);
            var ids = (await control.GetAccountsAsync()).Select(a => a.AccountId).Skip(3);
            Assert.Equal(new[] { "100000000001", "100000000002", "210000000009", "210000000008" }, ids);

            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            using var sts = new AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials("AKIALAWS100000000002", "localaws-secret-100000000002"),
                new AmazonSecurityTokenServiceConfig { ServiceURL = url.ToString(), AuthenticationRegion = "us-east-1" });
            Assert.Equal("100000000002", (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Account);
            process.StandardInput.Close();
            Assert.True(process.WaitForExit(15_000), "LocalAws did not exit after stdin closed");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_malformed_account_option_ends_the_process_with_exit_code_2()
    {
        using var process = Start("--account 12345");
        try
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.WaitForExit(15_000));
            Assert.Equal(2, process.ExitCode);
            Assert.Contains("12 digits", error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
