# Cutting the cost of the images you keep: price them, archive what must stay, undo a removal from the Recycle Bin.
# In eu-west-2, so the earlier steps' images do not change the figures.
$region = 'eu-west-2'
$GiB = 1024L * 1024 * 1024
$old = [DateTime]::UtcNow.AddDays(-200).ToString('o')

Show-Step 'Three images kept for rollback (seeded in LocalAws: one snapshot already archived), and Recycle Bin retention rules'
Add-LocalAwsSeed @{ region = $region; images = @(
        @{ name = 'web-2026-05-01'; creationDate = $old; tags = @{ App = 'shop' }; blockDevices = @(@{ sizeGiB = 100; fullSnapshotSizeInBytes = 40 * $GiB }) }
        @{ name = 'web-2026-06-01'; creationDate = $old; tags = @{ App = 'shop' }; blockDevices = @(@{ sizeGiB = 50; storageTier = 'archive' }) }
        @{ name = 'api-1.4.0'; creationDate = $old; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 30 }) }
    )
    retentionRules = @(@{ resourceType = 'EC2_IMAGE'; retainDays = 7 }, @{ resourceType = 'EBS_SNAPSHOT'; retainDays = 7 })
} | Out-Null

Show-Step "Get-AmiCost -Region $region   (tier and full size of each snapshot; ~ marks volume sizes)"
Get-AmiCost -Region $region | Show-Output

Show-Step "Get-AmiCost -Region $region -GroupBy Family"
Get-AmiCost -Region $region -GroupBy Family | Show-Output

Show-Step "Get-Ami -Name 'api-1.4.0' | Disable-Ami -ArchiveSnapshots -WhatIf   (the cost consequences, nothing changes)"
Get-Ami -Name 'api-1.4.0' -Region $region | Disable-Ami -ArchiveSnapshots -WhatIf

Show-Step "Get-Ami -Name 'api-1.4.0' | Disable-Ami -ArchiveSnapshots -Confirm:`$false"
Get-Ami -Name 'api-1.4.0' -Region $region | Disable-Ami -ArchiveSnapshots -Confirm:$false | Show-Output

Show-Step "Get-AmiCost -Name 'api-*'   (the archived snapshots at the archive price)"
Get-AmiCost -Region $region -Name 'api-*' | Show-Output

Show-Step "Enable-Ami -RestoreSnapshots -TemporaryRestoreDays 7 -Wait   (outputs the image once it can be launched)"
Get-Ami -Name 'api-1.4.0' -Region $region -IncludeDisabled | Enable-Ami -RestoreSnapshots -TemporaryRestoreDays 7 -Wait -Confirm:$false | Show-Output

Show-Step "Remove-AmiWithSnapshots with retention rules: Undo says bin"
Get-Ami -Name 'web-2026-05-01' -Region $region | Remove-AmiWithSnapshots -Confirm:$false | Show-Output

Show-Step "Get-Ami -InRecycleBin: what can still be restored, and until when"
Get-Ami -InRecycleBin -Region $region | Show-Output

Show-Step "Get-Ami -InRecycleBin | Restore-Ami: snapshots first, then the image, launchable again"
Get-Ami -InRecycleBin -Region $region | Restore-Ami -Confirm:$false | Show-Output
