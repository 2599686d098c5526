using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Xunit;

namespace LocalAws.Tests;

public sealed class ProcessHostingTests
{
    [Fact]
    public async Task The_process_prints_its_url_and_serves_requests()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LocalAws.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 --pending-seconds 2")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(line);
            Assert.Matches(@"^LocalAws listening on http://127\.0\.0\.1:\d+$", line);
            var url = line!["LocalAws listening on ".Length..];

            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            using var ec2 = new AmazonEC2Client(Keys.Default, new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = "sa-east-1" });
            var regions = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
            Assert.Equal(16, regions.Regions.Count);

            // Closing stdin (a pipe) is the polite way to stop it.
            process.StandardInput.Close();
            Assert.True(process.WaitForExit(15_000), "LocalAws did not exit after stdin closed");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
