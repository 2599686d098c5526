#Requires -Version 7.2
<#
.SYNOPSIS
    LocalAws's own speed: DescribeImages pages of 1,000 out of 100,000 images in one region.
.DESCRIPTION
    Starts the built LocalAws (src/LocalAws/bin/Release/net10.0/LocalAws.dll, --port 0), seeds
    -ImageCount private images in one region with the control plane's bulkImages, then pages through
    all of them with signed DescribeImages requests (Owner self, MaxResults -PageSize) through the AWS
    SDK for .NET, and finally runs two scans that touch every image: a name filter matching 1% of them,
    and a tag filter matching none.

    Per page it records the emulator's time (the Server-Timing: localaws;dur=<ms> header LocalAws puts on
    every response) and the client's wall time for the whole signed round trip, SDK XML parsing included.
    No latency is injected. Build first:  dotnet build tests/LocalAws.Tests -c Release
    Run:                                  dotnet pwsh ./bench/localaws-describe.ps1 [-OutFile results.md]
#>
param(
    [int] $ImageCount = 100000,
    [int] $PageSize = 1000,
    [string] $Region = 'eu-west-1',
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1')

# The AWS SDK for .NET from the module build, the LocalAws test build, or the NuGet cache (the pinned versions).
function Find-SdkAssembly([string] $name) {
    $pinned = @{ 'AWSSDK.Core' = '4.1.0'; 'AWSSDK.EC2' = '4.0.132.2' }
    $candidates = @(
        (Join-Path $root "out/AmiCmdlets/Dependencies/$name.dll"),
        (Join-Path $root "tests/LocalAws.Tests/bin/Release/net10.0/$name.dll"),
        (Join-Path $HOME ".nuget/packages/$($name.ToLowerInvariant())/$($pinned[$name])/lib/net8.0/$name.dll")
    )
    foreach ($candidate in $candidates) { if (Test-Path $candidate) { return $candidate } }
    throw "$name.dll not found (looked in: $($candidates -join ', ')). Build first: dotnet build tests/LocalAws.Tests -c Release"
}
$core = Find-SdkAssembly 'AWSSDK.Core'
$ec2 = Find-SdkAssembly 'AWSSDK.EC2'
Add-Type -Path $core, $ec2

# A tiny helper in C#: SDK events fire on pool threads where a PowerShell script block cannot run.
Add-Type -ReferencedAssemblies $core, $ec2, 'netstandard', 'System.Net.Primitives', 'System.Collections' -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

public sealed class DescribePage
{
    public int Page { get; set; }
    public int Images { get; set; }
    public double ServerMs { get; set; }
    public double ClientMs { get; set; }
}

public static class LocalAwsDescribeBench
{
    public static List<DescribePage> Run(string url, string region, string accessKey, string secretKey, DescribeImagesRequest template, int maxPages)
    {
        var config = new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = region, MaxErrorRetry = 0 };
        var pages = new List<DescribePage>();
        using (var client = new AmazonEC2Client(new BasicAWSCredentials(accessKey, secretKey), config))
        {
            double serverMs = double.NaN;
            client.AfterResponseEvent += (sender, e) =>
            {
                var w = e as WebServiceResponseEventArgs;
                string timing;
                if (w != null && w.ResponseHeaders.TryGetValue("Server-Timing", out timing))
                    serverMs = double.Parse(timing.Substring(timing.IndexOf('=') + 1), CultureInfo.InvariantCulture);
            };
            string token = null;
            for (var i = 1; i <= maxPages; i++)
            {
                var request = new DescribeImagesRequest { Owners = template.Owners, Filters = template.Filters, MaxResults = template.MaxResults, NextToken = token };
                var watch = Stopwatch.StartNew();
                var response = client.DescribeImagesAsync(request).GetAwaiter().GetResult();
                watch.Stop();
                pages.Add(new DescribePage { Page = i, Images = response.Images == null ? 0 : response.Images.Count, ServerMs = serverMs, ClientMs = watch.Elapsed.TotalMilliseconds });
                token = response.NextToken;
                if (token == null) break;
            }
        }
        return pages;
    }
}
'@

function Get-Percentile([double[]] $values, [double] $p) {
    $sorted = @($values | Sort-Object)
    $sorted[[Math]::Min($sorted.Count - 1, [Math]::Floor($p * ($sorted.Count - 1) + 0.5))]
}

function New-Row([string] $scenario, $pages) {
    $server = [double[]]@($pages | ForEach-Object ServerMs)
    $client = [double[]]@($pages | ForEach-Object ClientMs)
    [pscustomobject]@{
        Scenario = $scenario
        Requests = $pages.Count
        Images = [int]($pages | Measure-Object Images -Sum).Sum
        ServerMedianMs = [Math]::Round((Get-Percentile $server 0.5), 1)
        ServerP95Ms = [Math]::Round((Get-Percentile $server 0.95), 1)
        ServerMaxMs = [Math]::Round(($server | Measure-Object -Maximum).Maximum, 1)
        ClientMedianMs = [Math]::Round((Get-Percentile $client 0.5), 1)
        ClientP95Ms = [Math]::Round((Get-Percentile $client 0.95), 1)
        TotalSeconds = [Math]::Round(($client | Measure-Object -Sum).Sum / 1000, 2)
    }
}

$localAws = Start-LocalAws -Root $root -Configuration Release
try {
    $url = $localAws.Url
    $seedClock = [Diagnostics.Stopwatch]::StartNew()
    $seeded = Add-LocalAwsSeed @{ account = (Get-LocalAwsAccount).Id; region = $Region; bulkImages = @{ count = $ImageCount; namePrefix = 'bench-' } } -Url $url
    $seedClock.Stop()
    Write-Host ("Seeded {0:N0} images in {1} in {2:N2} s" -f $seeded.bulkImageIds.Count, $Region, $seedClock.Elapsed.TotalSeconds)

    $key = (Get-LocalAwsAccount).AccessKey; $secret = (Get-LocalAwsAccount).SecretKey
    $self = [Collections.Generic.List[string]]@('self')
    $all = [Amazon.EC2.Model.DescribeImagesRequest]@{ Owners = $self; MaxResults = $PageSize }
    # Warm-up (JIT on both sides), not measured.
    [void][LocalAwsDescribeBench]::Run($url, $Region, $key, $secret, $all, 3)

    $listing = [LocalAwsDescribeBench]::Run($url, $Region, $key, $secret, $all, [int]::MaxValue)
    $nameFilter = [Amazon.EC2.Model.DescribeImagesRequest]@{
        Owners = $self; MaxResults = $PageSize
        Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@([Amazon.EC2.Model.Filter]::new('name', [Collections.Generic.List[string]]@('bench-*77')))
    }
    $byName = [LocalAwsDescribeBench]::Run($url, $Region, $key, $secret, $nameFilter, [int]::MaxValue)
    $tagFilter = [Amazon.EC2.Model.DescribeImagesRequest]@{
        Owners = $self; MaxResults = $PageSize
        Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@([Amazon.EC2.Model.Filter]::new('tag:Team', [Collections.Generic.List[string]]@('nobody')))
    }
    $byTag = [LocalAwsDescribeBench]::Run($url, $Region, $key, $secret, $tagFilter, [int]::MaxValue)

    $rows = @(
        New-Row "all $($ImageCount.ToString('N0')) images, pages of $PageSize" $listing
        New-Row "name filter bench-*77 (1%), pages of $PageSize" $byName
        New-Row 'tag filter matching nothing (one full scan)' $byTag
    )
    $rows | Format-Table -AutoSize | Out-String -Width 240 | Write-Host
    $machine = "{0} cores, {1}, .NET {2}, PowerShell {3}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription,
        [Environment]::Version, $PSVersionTable.PSVersion
    Write-Host "Machine: $machine; seed $([Math]::Round($seedClock.Elapsed.TotalSeconds, 2)) s"

    if ($OutFile) {
        $lines = @(
            "| Scenario | Requests | Images | Server median (ms) | Server p95 (ms) | Server max (ms) | Client median (ms) | Client p95 (ms) | Total (s) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        ) + ($rows | ForEach-Object {
            "| $($_.Scenario) | $($_.Requests) | $($_.Images) | $($_.ServerMedianMs) | $($_.ServerP95Ms) | $($_.ServerMaxMs) | $($_.ClientMedianMs) | $($_.ClientP95Ms) | $($_.TotalSeconds) |"
        }) + @('', "Machine: $machine. Seeding $($ImageCount.ToString('N0')) images: $([Math]::Round($seedClock.Elapsed.TotalSeconds, 2)) s.")
        Set-Content -Path $OutFile -Value $lines
        Write-Host "Wrote $OutFile"
    }
}
finally { Stop-LocalAws $localAws }
