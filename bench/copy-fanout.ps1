#Requires -Version 7.2
<#
.SYNOPSIS
    Copy-AmiToRegion -Wait fanning one image out to 16 regions, against a sequential plain-SDK baseline.
.DESCRIPTION
    LocalAws answers every call after 100 ms and keeps each copy pending for 5 s. Measured in one run:
    - one copy: Copy-AmiToRegion to one region -Wait (the time one copy takes on its own);
    - fan-out: Copy-AmiToRegion to 16 regions -Wait;
    - baseline: what a plain SDK / AWS.Tools script does: CopyImage region after region, then the AWS
      waiter for each copy (DescribeImages at once, then every 15 s).
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/copy-fanout.ps1
#>
param([int] $LatencyMs = 100, [double] $PendingSeconds = 5)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

# Every region LocalAws offers, the source's own included (a copy within a region is allowed).
$regions = 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2',
    'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2'

$localAws = Start-BenchLocalAws
try {
    $url = $localAws.Url
    $destinations = ($regions | ForEach-Object { "'$_'" }) -join ','
    # Each measurement starts from a reset LocalAws: set latency and pending time, seed the source image.
    $prelude = @"
Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = $PendingSeconds } }
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
`$source = (Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(@{ name = 'web-golden-1'; tags = @{ Team = 'web' } }) }).imageIds[0]
"@

    $one = Measure-BenchScript $url @"
$prelude
Import-Module `$ModulePath
`$copy = Copy-AmiToRegion -ImageId `$source -Region us-east-1 -DestinationRegion eu-west-1 -Name 'web-golden-copy' -Wait
"copies=`$(@(`$copy).Count)"
$(Get-PeakLine)
"@
    $fan = Measure-BenchScript $url @"
$prelude
Import-Module `$ModulePath
`$copies = Copy-AmiToRegion -ImageId `$source -Region us-east-1 -DestinationRegion $destinations -Name 'web-golden-copy' -Wait
"copies=`$(@(`$copies).Count)"
$(Get-PeakLine)
"@
    $baseline = Measure-BenchScript $url @"
$prelude
Add-Type -Path (Join-Path `$DependencyPath 'AWSSDK.Core.dll'), (Join-Path `$DependencyPath 'AWSSDK.EC2.dll')
`$credentials = [Amazon.Runtime.BasicAWSCredentials]::new(`$env:AWS_ACCESS_KEY_ID, `$env:AWS_SECRET_ACCESS_KEY)
function Get-Client(`$region) { `$c = [Amazon.EC2.AmazonEC2Config]::new(); `$c.ServiceURL = `$LocalAwsUrl; `$c.AuthenticationRegion = `$region; [Amazon.EC2.AmazonEC2Client]::new(`$credentials, `$c) }
`$copies = foreach (`$region in @($destinations)) {
    `$request = [Amazon.EC2.Model.CopyImageRequest]@{ SourceImageId = `$source; SourceRegion = 'us-east-1'; Name = 'web-golden-copy' }
    [pscustomobject]@{ Region = `$region; ImageId = (Get-Client `$region).CopyImageAsync(`$request).GetAwaiter().GetResult().ImageId }
}
foreach (`$copy in `$copies) {
    # The AWS waiter ImageAvailable: check now, then every 15 s.
    while (`$true) {
        `$request = [Amazon.EC2.Model.DescribeImagesRequest]@{ ImageIds = [Collections.Generic.List[string]]@(`$copy.ImageId) }
        `$state = (Get-Client `$copy.Region).DescribeImagesAsync(`$request).GetAwaiter().GetResult().Images[0].State.Value
        if (`$state -eq 'available') { break }
        Start-Sleep -Seconds 15
    }
}
"copies=`$(@(`$copies).Count)"
$(Get-PeakLine)
"@

    $rows = @(
        New-BenchRow 'copy-fanout' module "Copy-AmiToRegion -Wait, 1 image to $($regions.Count) regions" $fan
        New-BenchRow 'copy-fanout' reference 'Copy-AmiToRegion -Wait, 1 image to 1 region (one copy on its own)' $one
        New-BenchRow 'copy-fanout' baseline "sequential CopyImage + AWS waiter (check, then every 15 s), $($regions.Count) regions" $baseline
    )
    Write-Host ("Fan-out wall time is {0:0.00}x one copy's own time (target: within 1.2x)." -f ($fan.Seconds / $one.Seconds))
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
