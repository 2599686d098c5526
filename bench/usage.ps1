#Requires -Version 7.2
<#
.SYNOPSIS
    Get-AmiUsage over 200 shared images whose usage reports take 5 s, against one image's own time and a
    sequential plain-SDK baseline.
.DESCRIPTION
    LocalAws answers every call after 100 ms and keeps each image usage report pending for 5 s. 200 images
    of the default account, each shared with account B, which runs one instance of each. Measured in one run:
    - one image: Get-AmiUsage -ImageId <one> (one report's own time);
    - fan-out: Get-AmiUsage over the 200 images (reports made up to 25 at once, one poll per region);
    - baseline: a plain SDK script: CreateImageUsageReport image after image, then for each report
      DescribeImageUsageReports every 5 s until available (EC2 has no waiter for reports), then its entries.
    Checks: fan-out wall within 1.5x of one image's; DescribeImageUsageReports calls no more than the wait
    policy allows (1 lookup for reports to reuse + 1 poll per policy interval that fits in the wall time).
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/usage.ps1 [-ImageCount 200] [-SkipBaseline]
#>
param([int] $ImageCount = 200, [int] $LatencyMs = 100, [double] $ReportSeconds = 5, [switch] $SkipBaseline)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

$localAws = Start-BenchLocalAws
try {
    $url = $localAws.Url
    # Each measurement starts from a reset LocalAws: seed the shared images and B's instances, then the latency.
    $prelude = @"
`$b = (Get-LocalAwsAccount B).Id
`$images = @(1..$ImageCount | ForEach-Object { @{ name = ('golden-{0:D4}' -f `$_); launchPermissions = @(`$b) } })
`$ids = (Add-LocalAwsSeed @{ images = `$images }).imageIds
Add-LocalAwsSeed @{ account = `$b; instances = @(`$ids | ForEach-Object { @{ imageId = `$_ } }) } | Out-Null
Set-LocalAwsSetting @{ usageReportSeconds = @{ '*' = $ReportSeconds } }
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
    $check = @"
`$usedByB = @(`$rows | Where-Object UsedByAccountId -eq `$b)
"rows=`$(@(`$rows).Count) usedByB=`$(`$usedByB.Count) polls=`$(Get-LocalAwsCallCount DescribeImageUsageReports) creates=`$(Get-LocalAwsCallCount CreateImageUsageReport)"
$(Get-PeakLine)
"@

    $one = Measure-BenchScript $url @"
$prelude
Import-Module `$ModulePath
`$rows = Get-AmiUsage -ImageId `$ids[0]
$check
"@
    $fan = Measure-BenchScript $url @"
$prelude
Import-Module `$ModulePath
`$rows = `$ids | Get-AmiUsage
$check
"@
    $rows = @(
        New-BenchRow 'usage' module "Get-AmiUsage, $ImageCount shared images, reports $ReportSeconds s" $fan
        New-BenchRow 'usage' reference 'Get-AmiUsage, 1 image (one report on its own)' $one
    )
    if (-not $SkipBaseline) {
        $baseline = Measure-BenchScript $url @"
$prelude
$(Get-BaselineClientScript)
`$reports = foreach (`$id in `$ids) {
    `$request = [Amazon.EC2.Model.CreateImageUsageReportRequest]@{ ImageId = `$id }
    `$request.ResourceTypes = [Collections.Generic.List[Amazon.EC2.Model.ImageUsageResourceTypeRequest]]@(
        [Amazon.EC2.Model.ImageUsageResourceTypeRequest]@{ ResourceType = 'ec2:Instance' },
        [Amazon.EC2.Model.ImageUsageResourceTypeRequest]@{ ResourceType = 'ec2:LaunchTemplate' })
    [pscustomobject]@{ ImageId = `$id; ReportId = `$ec2.CreateImageUsageReportAsync(`$request).GetAwaiter().GetResult().ReportId }
}
`$rows = foreach (`$report in `$reports) {
    while (`$true) {
        `$describe = [Amazon.EC2.Model.DescribeImageUsageReportsRequest]@{ ReportIds = [Collections.Generic.List[string]]@(`$report.ReportId) }
        if (`$ec2.DescribeImageUsageReportsAsync(`$describe).GetAwaiter().GetResult().ImageUsageReports[0].State -eq 'available') { break }
        Start-Sleep -Seconds 5
    }
    `$entries = `$ec2.DescribeImageUsageReportEntriesAsync([Amazon.EC2.Model.DescribeImageUsageReportEntriesRequest]@{ ReportIds = [Collections.Generic.List[string]]@(`$report.ReportId) }).GetAwaiter().GetResult().ImageUsageReportEntries
    foreach (`$entry in `$entries) { [pscustomobject]@{ ImageId = `$report.ImageId; UsedByAccountId = `$entry.AccountId; Count = `$entry.UsageCount } }
}
$check
"@
        $rows += New-BenchRow 'usage' baseline "plain SDK: CreateImageUsageReport one by one, then per report poll every 5 s and read entries ($ImageCount images)" $baseline
    }

    $ratio = $fan.Seconds / $one.Seconds
    Write-Host ("Fan-out wall time is {0:0.00}x one report's own time (target: within 1.5x)." -f $ratio)
    # The policy (Set-AmiContext defaults): pauses of 2 s, then half as long again each time, up to 15 s.
    $allowed = 1; $elapsed = 0.0; $pause = 2.0
    while ($elapsed + $pause -le $fan.Seconds) { $elapsed += $pause; $allowed++; $pause = [Math]::Min(15, $pause * 1.5) }
    $polls = if ($fan.Output -match 'polls=(\d+)') { [int]$Matches[1] } else { -1 }
    Write-Host "DescribeImageUsageReports calls: $polls (the policy allows at most $allowed in $($fan.Seconds) s, with the lookup for reports to reuse)."
    if ($fan.Output -notmatch "usedByB=$ImageCount\b") { Write-Warning "Expected $ImageCount rows for account B: $($fan.Output)" }
    if ($ratio -gt 1.5) { Write-Warning 'Fan-out is slower than 1.5x one report.' }
    if ($polls -gt $allowed) { Write-Warning 'More polls than the wait policy allows.' }
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
