#Requires -Version 7.2
<#
.SYNOPSIS
    Get-Ami over 100,000 images: pages are streamed, so memory stays flat, against collecting them first.
.DESCRIPTION
    LocalAws holds 100,000 of the account's images in one region (10 ms per call). Measured:
    - module: Get-Ami -Name 'bulk-*' | Measure-Object (each page is written as it arrives);
    - reference: the same over 10,000 images, to show the peak memory does not grow with the count;
    - baseline: the plain SDK collecting every page into a list first, then counting, as scripts often do.
    Both sides send the same request, as Get-Ami -Name builds it: Owner self, a name filter, pages of 1,000.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/get-ami-100k.ps1
    -Repeat N runs the module and the baseline N times each, in turn, and keeps each one's median run: on a shared
    machine one run says little. -EarlierModulePath adds a build of the module from before a change, measured in
    the same turns against the same LocalAws.
#>
param([int] $LatencyMs = 10, [int] $Repeat = 3, [string] $EarlierModulePath)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

function Get-Seed([int] $Count) {
    @"
Add-LocalAwsSeed @{ region = 'us-east-1'; bulkImages = @{ count = $Count; namePrefix = 'bulk-' } } | Out-Null
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
}
function Get-ModuleScript([int] $Count, [string] $Path) {
    @"
$(Get-Seed $Count)
$(if ($Path) { "`$ModulePath = '$Path'" })
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
    # The request Get-Ami -Name 'bulk-*' sends, so both sides ask LocalAws for the same work.
    `$request = [Amazon.EC2.Model.DescribeImagesRequest]@{
        Owners = [Collections.Generic.List[string]]@('self'); MaxResults = 1000
        Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@([Amazon.EC2.Model.Filter]::new('name', [Collections.Generic.List[string]]@('bulk-*')))
    }
    if (`$token) { `$request.NextToken = `$token }  # PowerShell would turn `$null into an empty, invalid token
    `$page = `$ec2.DescribeImagesAsync(`$request).GetAwaiter().GetResult()
    `$all.AddRange(`$page.Images); `$token = `$page.NextToken
} while (`$token)
"images=`$(`$all.Count)"
$(Get-PeakLine)
"@

$scenarios = [ordered]@{
    module   = @{ Script = (Get-ModuleScript 100000); Scenario = "Get-Ami -Name 'bulk-*' | Measure-Object, 100,000 images" }
    baseline = @{ Script = $baselineScript; Scenario = 'plain SDK, same request (Owner self, name filter, pages of 1,000), every page collected into a list first, 100,000 images' }
}
if ($EarlierModulePath) {
    $scenarios.earlier = @{ Script = (Get-ModuleScript 100000 $EarlierModulePath); Scenario = "the same Get-Ami, earlier build ($EarlierModulePath)" }
}

$localAws = Start-BenchLocalAws
try {
    $runs = @{}
    foreach ($turn in 1..$Repeat) {
        foreach ($name in $scenarios.Keys) { $runs[$name] += @(Measure-BenchScript $localAws.Url $scenarios[$name].Script) }
    }
    function Get-Median([string] $Name) { $runs[$Name] | Sort-Object Seconds | Select-Object -Index ([int][Math]::Floor($Repeat / 2)) }
    $small = Measure-BenchScript $localAws.Url (Get-ModuleScript 10000)
    $rows = @(
        New-BenchRow 'get-ami-100k' module $scenarios.module.Scenario (Get-Median module)
        if ($EarlierModulePath) { New-BenchRow 'get-ami-100k' reference $scenarios.earlier.Scenario (Get-Median earlier) }
        New-BenchRow 'get-ami-100k' reference 'the same, 10,000 images (memory reference)' $small
        New-BenchRow 'get-ami-100k' baseline $scenarios.baseline.Scenario (Get-Median baseline)
    )
    if ($Repeat -gt 1) {
        foreach ($name in $scenarios.Keys) { Write-Host ("{0,-9} wall (s) of each run: {1}" -f $name, (($runs[$name] | ForEach-Object Seconds) -join ', ')) }
    }
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB, Output -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
