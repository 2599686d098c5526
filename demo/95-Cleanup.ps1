Show-Step 'A year of nightly builds of the api image (seeded in LocalAws), one still launched by an instance'
$now = [DateTime]::UtcNow
$nightlies = foreach ($days in 400, 300, 200, 120, 90, 60, 20, 10, 5) {
    @{ name = 'api-' + $now.AddDays(-$days).ToString('yyyy-MM-dd'); creationDate = $now.AddDays(-$days).ToString('o')
       blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 50 }) }
}
$api = Add-LocalAwsSeed @{ region = 'us-east-1'; images = @($nightlies) }
Add-LocalAwsSeed @{ region = 'us-east-1'; instances = @(@{ imageId = $api.imageIds[1]; state = 'running'; tags = @{ Name = 'legacy-api' } }) } | Out-Null

Show-Step "Find-StaleAmi -Name 'api-*'   (keep the newest 3, older than 30 days, never what is in use)"
$stale = Find-StaleAmi -Name 'api-*'
$stale | Show-Output

Show-Step 'Find-StaleAmi | Remove-AmiWithSnapshots -Confirm:$false'
$stale | Remove-AmiWithSnapshots -Confirm:$false | Show-Output

Show-Step 'An image removed with -KeepSnapshot leaves its snapshots behind: Find-OrphanedAmiSnapshot finds them'
Get-Ami -Name ('api-' + $now.AddDays(-20).ToString('yyyy-MM-dd')) -Region us-east-1 | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false | Out-Null
Find-OrphanedAmiSnapshot -Region us-east-1 | Show-Output

Show-Step 'Find-OrphanedAmiSnapshot | Remove-OrphanedAmiSnapshot -Confirm:$false -Verbose   (each is checked again just before)'
Find-OrphanedAmiSnapshot -Region us-east-1 | Remove-OrphanedAmiSnapshot -Confirm:$false -Verbose 4>&1 |
    ForEach-Object { Write-Host "VERBOSE: $($_.Message)" }
