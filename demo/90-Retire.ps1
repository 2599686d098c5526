# The end of the tour: retiring images. Runs last (90-), after the images of the earlier steps exist.
$regions = 'us-east-1', 'eu-west-1', 'ap-southeast-2'

Show-Step "Get-Ami -Name '*golden*' -Region $($regions -join ', ') | Set-AmiDeprecation -InDays 90 -PassThru"
Get-Ami -Name '*golden*' -Region $regions | Set-AmiDeprecation -InDays 90 -PassThru | Sort-Object Region | Show-Output

Show-Step "A launch template still launches web-2026-11-01 (seeded in LocalAws)"
$inUse = Get-Ami -Name 'web-2026-11-01' -Region us-east-1
Add-LocalAwsSeed @{ region = 'us-east-1'; launchTemplates = @(@{ name = 'web-asg'; imageId = $inUse.ImageId }) } | Out-Null

Show-Step "Get-Ami -Name 'web-2026-1*-01' | Remove-AmiWithSnapshots -WhatIf   (the checks run, nothing changes)"
Get-Ami -Name 'web-2026-1*-01' -Region us-east-1 | Remove-AmiWithSnapshots -WhatIf -ErrorAction SilentlyContinue

Show-Step "Get-Ami -Name 'web-2026-1*-01' | Remove-AmiWithSnapshots -Confirm:`$false"
# Shown once, as a list: the table's counts say less than the ids and the GiB freed.
Get-Ami -Name 'web-2026-1*-01' -Region us-east-1 | Remove-AmiWithSnapshots -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused |
    Format-List ImageId, Name, Region, Deregistered, DeletedSnapshotIds, KeptSnapshots, FreedGiB | Show-Output
foreach ($e in $refused) { Write-Host "Refused: $($e.FullyQualifiedErrorId.Split(',')[0]) $($e.TargetObject): $($e.Exception.Message)" }
