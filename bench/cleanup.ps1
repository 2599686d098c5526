#Requires -Version 7.2
<#
.SYNOPSIS
    Find-StaleAmi | Remove-AmiWithSnapshots over 20,000 images (2,000 stale), against a naive per-image script.
.DESCRIPTION
    LocalAws holds 20,000 of the account's images in us-east-1, each with 2 snapshots: 17,997 recent ones
    and a family of 2,003 old releases, of which the newest 3 are kept, so 2,000 are stale. Every call costs
    -LatencyMs. Measured in one run:
    - module: Find-StaleAmi -OlderThanDays 31 | Remove-AmiWithSnapshots -Confirm:$false;
    - baseline: what a script with the plain SDK usually does: list the images, pick the old ones, and for
      each one check its instances, deregister it, and delete its snapshots one call at a time;
    - memory: the module's peak working set for the same pipeline over 2,000 images (200 stale), to show
      it stays flat as the account grows.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/cleanup.ps1
#>
param([int] $LatencyMs = 5)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

# The seed for N images in all: N - 2,003 recent bulk images and 2,003 old 'legacy-1.0.<i>' releases.
function Get-SeedScript([int] $Total, [int] $Stale) {
    @"
`$old = [DateTime]::UtcNow.AddDays(-400)
`$images = foreach (`$i in 0..$($Stale + 2)) { @{ name = "legacy-1.0.`$i"; creationDate = `$old.AddHours(`$i).ToString('o')
    blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) } }
`$seed = @{ region = 'us-east-1'; images = @(`$images)
    bulkImages = @{ count = $($Total - $Stale - 3); namePrefix = 'app-'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) } }
Add-LocalAwsSeed `$seed | Out-Null
Set-LocalAwsFault @{ latencyMs = @{ '*' = $LatencyMs } }
"@
}

function Get-ModuleScript([int] $Total, [int] $Stale) {
    @"
$(Get-SeedScript $Total $Stale)
Import-Module `$ModulePath
`$removed = Find-StaleAmi -OlderThanDays 31 6>`$null | Remove-AmiWithSnapshots -Confirm:`$false
`$snapshots = (`$removed | ForEach-Object { `$_.DeletedSnapshotIds.Count } | Measure-Object -Sum).Sum
"removed=`$(@(`$removed).Count) snapshots=`$snapshots peakMB=`$([Math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB))"
"@
}

$baselineScript = @"
$(Get-SeedScript 20000 2000)
$(Get-BaselineClientScript)
function Wait-Sdk(`$task) { `$task.GetAwaiter().GetResult() }
# List everything, keep the 3 newest per name prefix, remove the rest older than 31 days: one image at a time.
`$all = [Collections.Generic.List[object]]::new(); `$token = `$null
do {
    `$request = [Amazon.EC2.Model.DescribeImagesRequest]@{ Owners = [Collections.Generic.List[string]]@('self'); MaxResults = 1000 }
    if (`$token) { `$request.NextToken = `$token }  # PowerShell would turn `$null into an empty, invalid token
    `$page = Wait-Sdk (`$ec2.DescribeImagesAsync(`$request))
    `$all.AddRange(`$page.Images); `$token = `$page.NextToken
} while (`$token)
`$cutoff = [DateTime]::UtcNow.AddDays(-31)
`$stale = `$all | Group-Object { `$_.Name -replace '[-.]?[0-9.]+$', '' } | ForEach-Object { `$_.Group | Sort-Object CreationDate -Descending | Select-Object -Skip 3 } |
    Where-Object { [DateTime]::Parse(`$_.CreationDate).ToUniversalTime() -lt `$cutoff }
`$removed = 0
foreach (`$image in `$stale) {
    `$filter = [Amazon.EC2.Model.Filter]::new('image-id', [Collections.Generic.List[string]]@(`$image.ImageId))
    `$users = Wait-Sdk (`$ec2.DescribeInstancesAsync([Amazon.EC2.Model.DescribeInstancesRequest]@{ Filters = [Collections.Generic.List[Amazon.EC2.Model.Filter]]@(`$filter) }))
    if (`$users.Reservations.Count) { continue }
    Wait-Sdk (`$ec2.DeregisterImageAsync([Amazon.EC2.Model.DeregisterImageRequest]@{ ImageId = `$image.ImageId })) | Out-Null
    foreach (`$mapping in `$image.BlockDeviceMappings) {
        if (`$mapping.Ebs.SnapshotId) { Wait-Sdk (`$ec2.DeleteSnapshotAsync([Amazon.EC2.Model.DeleteSnapshotRequest]@{ SnapshotId = `$mapping.Ebs.SnapshotId })) | Out-Null }
    }
    `$removed++
}
"removed=`$removed peakMB=`$([Math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB))"
"@

$localAws = Start-BenchLocalAws
try {
    $url = $localAws.Url
    $module = Measure-BenchScript $url (Get-ModuleScript 20000 2000)
    $small = Measure-BenchScript $url (Get-ModuleScript 2000 200)
    $baseline = Measure-BenchScript $url $baselineScript
    $rows = @(
        New-BenchRow 'cleanup' module 'Find-StaleAmi | Remove-AmiWithSnapshots, 20,000 images, 2,000 stale' $module
        New-BenchRow 'cleanup' reference 'the same pipeline, 2,000 images, 200 stale (memory reference)' $small
        New-BenchRow 'cleanup' baseline 'plain SDK, list all then one image at a time, 20,000 images' $baseline
    )
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB, Output -AutoSize -Wrap | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
