#Requires -Version 7.2
<#
.SYNOPSIS
    Removing 500 AMIs with 2 snapshots each: Remove-AmiWithSnapshots against a per-image script.
.DESCRIPTION
    LocalAws answers every call after 20 ms. Measured:
    - module: Get-Ami -Name 'old-*' | Remove-AmiWithSnapshots -Confirm:$false (checks in batches per region);
    - baseline: the usual per-image loop with the plain SDK: describe the image, look for instances using it,
      deregister it, then delete each snapshot.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/remove-500.ps1
#>
param([int] $LatencyMs = 20, [int] $Count = 500)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

$seed = @"
`$body = @{ region = 'us-east-1'; bulkImages = @{ count = $Count; namePrefix = 'old-'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) } }
`$ids = (Add-LocalAwsSeed `$body).bulkImageIds
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
$moduleScript = @"
$seed
Import-Module `$ModulePath
`$removed = `$ids | ForEach-Object { [pscustomobject]@{ ImageId = `$_; Region = 'us-east-1' } } | Remove-AmiWithSnapshots -Confirm:`$false
"removed=`$(@(`$removed).Count) snapshots=`$((`$removed | ForEach-Object { `$_.DeletedSnapshotIds.Count } | Measure-Object -Sum).Sum)"
$(Get-PeakLine)
"@
$baselineScript = @"
$seed
$(Get-BaselineClientScript)
function Wait-Sdk(`$task) { `$task.GetAwaiter().GetResult() }
`$removed = 0; `$snapshots = 0
foreach (`$id in `$ids) {
    `$image = (Wait-Sdk (`$ec2.DescribeImagesAsync([Amazon.EC2.Model.DescribeImagesRequest]@{ ImageIds = [Collections.Generic.List[string]]@(`$id) }))).Images[0]
    `$filter = [Amazon.EC2.Model.Filter]::new('image-id', [Collections.Generic.List[string]]@(`$id))
    if ((Wait-Sdk (`$ec2.DescribeInstancesAsync([Amazon.EC2.Model.DescribeInstancesRequest]@{ Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@(`$filter) }))).Reservations.Count) { continue }
    Wait-Sdk (`$ec2.DeregisterImageAsync([Amazon.EC2.Model.DeregisterImageRequest]@{ ImageId = `$id })) | Out-Null
    foreach (`$mapping in `$image.BlockDeviceMappings) {
        Wait-Sdk (`$ec2.DeleteSnapshotAsync([Amazon.EC2.Model.DeleteSnapshotRequest]@{ SnapshotId = `$mapping.Ebs.SnapshotId })) | Out-Null; `$snapshots++
    }
    `$removed++
}
"removed=`$removed snapshots=`$snapshots"
$(Get-PeakLine)
"@

$localAws = Start-BenchLocalAws
try {
    $module = Measure-BenchScript $localAws.Url $moduleScript
    $baseline = Measure-BenchScript $localAws.Url $baselineScript
    $rows = @(
        New-BenchRow 'remove-500' module "Remove-AmiWithSnapshots -Confirm:`$false, $Count AMIs x 2 snapshots" $module
        New-BenchRow 'remove-500' baseline "plain SDK per image: describe, instances, deregister, delete snapshots, $Count AMIs" $baseline
    )
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB, Output -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
