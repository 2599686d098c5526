#Requires -Version 7.2
<#
.SYNOPSIS
    Get-Ami over 100,000 images: pages are streamed, so memory stays flat, against collecting them first.
.DESCRIPTION
    LocalAws holds 100,000 of the account's images in one region (10 ms per call). Measured:
    - module: Get-Ami -Name 'bulk-*' | Measure-Object (each page is written as it arrives);
    - reference: the same over 10,000 images, to show the peak memory does not grow with the count;
    - baseline: the plain SDK collecting every page into a list first, then counting, as scripts often do.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/get-ami-100k.ps1
#>
param([int] $LatencyMs = 10)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

function Get-Seed([int] $Count) {
    @"
Add-LocalAwsSeed @{ region = 'us-east-1'; bulkImages = @{ count = $Count; namePrefix = 'bulk-' } } | Out-Null
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
}
function Get-ModuleScript([int] $Count) {
    @"
$(Get-Seed $Count)
Import-Module `$ModulePath
`$count = (Get-Ami -Name 'bulk-*' | Measure-Object).Count
"images=`$count"
$(Get-PeakLine)
"@
}
$baselineScript = @"
$(Get-Seed 100000)
$(Get-BaselineClientScript)
`$all = [Collections.Generic.List[object]]::new(); `$token = `$null
do {
    `$request = [Amazon.EC2.Model.DescribeImagesRequest]@{ Owners = [Collections.Generic.List[string]]@('self'); MaxResults = 1000 }
    if (`$token) { `$request.NextToken = `$token }  # PowerShell would turn `$null into an empty, invalid token
    `$page = `$ec2.DescribeImagesAsync(`$request).GetAwaiter().GetResult()
    `$all.AddRange(`$page.Images); `$token = `$page.NextToken
} while (`$token)
"images=`$(`$all.Count)"
$(Get-PeakLine)
"@

$localAws = Start-BenchLocalAws
try {
    $module = Measure-BenchScript $localAws.Url (Get-ModuleScript 100000)
    $small = Measure-BenchScript $localAws.Url (Get-ModuleScript 10000)
    $baseline = Measure-BenchScript $localAws.Url $baselineScript
    $rows = @(
        New-BenchRow 'get-ami-100k' module "Get-Ami -Name 'bulk-*' | Measure-Object, 100,000 images" $module
        New-BenchRow 'get-ami-100k' reference 'the same, 10,000 images (memory reference)' $small
        New-BenchRow 'get-ami-100k' baseline 'plain SDK, every page collected into a list first, 100,000 images' $baseline
    )
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB, Output -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
