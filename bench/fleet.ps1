#Requires -Version 7.2
<#
.SYNOPSIS
    Get-Ami and Find-StaleAmi over a fleet of 20 accounts x 8 regions, against one account-region on its own and
    the loop a user writes today (for each account assume the role, for each region describe).
.DESCRIPTION
    LocalAws answers every API call after 100 ms. Each of 20 accounts holds 3 images in each of 8 regions. The
    module reaches each account through its role (-RoleName AmiAdmin -RoleAccountId ...). Measured in one run,
    each timed around the command alone (the pwsh start and the import are not counted):
    - one place: Get-Ami / Find-StaleAmi through one role in one region;
    - fleet: the same over 20 accounts x 8 regions in one call;
    - baseline: a plain SDK script: for each account AssumeRole, then for each region DescribeImages.
    Checks: the fleet's wall within 2x of one place's; its calls = 1 AssumeRole per account + the describe pages.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/fleet.ps1 [-AccountCount 20] [-SkipBaseline]
#>
param([int] $AccountCount = 20, [int] $LatencyMs = 100, [switch] $SkipBaseline)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1')

$regions = 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'
$localAws = Start-BenchLocalAws
try {
    $url = $localAws.Url
    $accounts = @(Add-LocalAwsAccount -Count $AccountCount -Url $url | ForEach-Object AccountId)
    $regionList = ($regions | ForEach-Object { "'$_'" }) -join ', '
    $accountList = ($accounts | ForEach-Object { "'$_'" }) -join ', '
    # Each measurement starts from a reset LocalAws (added accounts survive it): seed, then the latency.
    $prelude = @"
`$regions = @($regionList)
`$accounts = @($accountList)
foreach (`$account in `$accounts) { foreach (`$region in `$regions) {
    Add-LocalAwsSeed @{ account = `$account; region = `$region; images = @(1..3 | ForEach-Object { @{ name = "web-`$_"; creationDate = "2025-0`$_-01T00:00:00Z" } }) } | Out-Null
} }
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
    # Prints the command's own wall time and what it found; API calls are counted by the caller.
    function Measure-FleetCommand([string] $Command) {
        Measure-BenchScript $url @"
$prelude
Import-Module `$ModulePath
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$found = @($Command)
`$clock.Stop()
"seconds=`$([Math]::Round(`$clock.Elapsed.TotalSeconds, 2)) found=`$(`$found.Count) accounts=`$(@(`$found.AccountId | Sort-Object -Unique).Count) assumeRole=`$(Get-LocalAwsCallCount AssumeRole) describeImages=`$(Get-LocalAwsCallCount DescribeImages)"
$(Get-PeakLine)
"@
    }
    function Get-InnerSeconds($Measurement) { if ($Measurement.Output -match 'seconds=([\d.]+)') { [double]$Matches[1] } else { throw "No timing in: $($Measurement.Output)" } }

    $fleetArgs = "-RoleName AmiAdmin -RoleAccountId `$accounts -Region `$regions"
    $oneArgs = "-RoleArn 'arn:aws:iam::$($accounts[0]):role/AmiAdmin' -Region us-east-1"
    $measured = [ordered]@{
        'Get-Ami, one account-region'         = Measure-FleetCommand "Get-Ami $oneArgs -Name 'web-*'"
        'Get-Ami, 20 accounts x 8 regions'    = Measure-FleetCommand "Get-Ami $fleetArgs -Name 'web-*'"
        'Find-StaleAmi, one account-region'   = Measure-FleetCommand "Find-StaleAmi $oneArgs -Name 'web-*' -KeepLatest 1 -InformationAction Ignore"
        'Find-StaleAmi, 20 accounts x 8 regions' = Measure-FleetCommand "Find-StaleAmi $fleetArgs -Name 'web-*' -KeepLatest 1 -InformationAction Ignore"
    }
    if (-not $SkipBaseline) {
        $measured['baseline: for each account AssumeRole, for each region DescribeImages'] = Measure-BenchScript $url @"
$prelude
Add-Type -Path (Join-Path `$DependencyPath 'AWSSDK.Core.dll'), (Join-Path `$DependencyPath 'AWSSDK.EC2.dll'), (Join-Path `$DependencyPath 'AWSSDK.SecurityToken.dll')
`$stsConfig = [Amazon.SecurityToken.AmazonSecurityTokenServiceConfig]::new(); `$stsConfig.ServiceURL = `$LocalAwsUrl; `$stsConfig.AuthenticationRegion = 'us-east-1'
`$sts = [Amazon.SecurityToken.AmazonSecurityTokenServiceClient]::new([Amazon.Runtime.BasicAWSCredentials]::new(`$env:AWS_ACCESS_KEY_ID, `$env:AWS_SECRET_ACCESS_KEY), `$stsConfig)
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$found = foreach (`$account in `$accounts) {
    `$session = `$sts.AssumeRoleAsync([Amazon.SecurityToken.Model.AssumeRoleRequest]@{ RoleArn = "arn:aws:iam::`${account}:role/AmiAdmin"; RoleSessionName = 'loop' }).GetAwaiter().GetResult().Credentials
    `$keys = [Amazon.Runtime.SessionAWSCredentials]::new(`$session.AccessKeyId, `$session.SecretAccessKey, `$session.SessionToken)
    foreach (`$region in `$regions) {
        `$config = [Amazon.EC2.AmazonEC2Config]::new(); `$config.ServiceURL = `$LocalAwsUrl; `$config.AuthenticationRegion = `$region
        `$ec2 = [Amazon.EC2.AmazonEC2Client]::new(`$keys, `$config)
        `$request = [Amazon.EC2.Model.DescribeImagesRequest]@{ Owners = [Collections.Generic.List[string]]@('self') }
        `$request.Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@([Amazon.EC2.Model.Filter]::new('name', [Collections.Generic.List[string]]@('web-*')))
        foreach (`$image in `$ec2.DescribeImagesAsync(`$request).GetAwaiter().GetResult().Images) { [pscustomobject]@{ ImageId = `$image.ImageId; AccountId = `$account } }
    }
}
`$clock.Stop()
"seconds=`$([Math]::Round(`$clock.Elapsed.TotalSeconds, 2)) found=`$(@(`$found).Count) accounts=`$(@(`$found.AccountId | Sort-Object -Unique).Count) assumeRole=`$(Get-LocalAwsCallCount AssumeRole) describeImages=`$(Get-LocalAwsCallCount DescribeImages)"
$(Get-PeakLine)
"@
    }

    $rows = foreach ($name in $measured.Keys) {
        $m = $measured[$name]
        $m.Seconds = Get-InnerSeconds $m
        New-BenchRow 'fleet' ($(if ($name -like 'baseline*') { 'baseline' } elseif ($name -like '*one account*') { 'reference' } else { 'module' })) $name $m
    }
    $rows | Format-Table Kind, Scenario, WallSeconds, ApiCalls, PeakMB -AutoSize | Out-Host
    $rows | ForEach-Object { "$($_.Scenario): $($_.Output -replace 'peakMB=\d+', '' -replace '\s+', ' ')" } | Out-Host

    $getRatio = $measured['Get-Ami, 20 accounts x 8 regions'].Seconds / $measured['Get-Ami, one account-region'].Seconds
    $staleRatio = $measured['Find-StaleAmi, 20 accounts x 8 regions'].Seconds / $measured['Find-StaleAmi, one account-region'].Seconds
    Write-Host ("Fleet / one place: Get-Ami {0:0.00}x, Find-StaleAmi {1:0.00}x (target: within 2x)" -f $getRatio, $staleRatio)
    $get = $measured['Get-Ami, 20 accounts x 8 regions'].Output
    if ($get -notmatch "assumeRole=$AccountCount\b") { Write-Warning "Get-Ami over the fleet did not assume each role exactly once: $get" }
    if ($get -notmatch "describeImages=$($AccountCount * $regions.Count)\b") { Write-Warning "Get-Ami over the fleet made more than one DescribeImages per place: $get" }
    $rows | Select-Object Benchmark, Kind, Scenario, WallSeconds, ApiCalls, PeakMB
}
finally { Stop-LocalAws $localAws }
