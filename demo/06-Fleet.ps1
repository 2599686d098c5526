# Many accounts at once: the images of two team accounts (LocalAws's 111122223333 and 444455556666), reached
# through a role in each, in two regions, in one command; each object remembers its account and role.
foreach ($account in '111122223333', '444455556666') {
    foreach ($region in 'us-east-1', 'eu-west-1') {
        Add-LocalAwsSeed @{ account = $account; region = $region; images = @(
                @{ name = 'team-2026-09-01'; creationDate = '2026-09-01T00:00:00Z'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 20 }) }
                @{ name = 'team-2026-10-01'; creationDate = '2026-10-01T00:00:00Z'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 20 }) }) } | Out-Null
    }
}
$fleet = 'arn:aws:iam::111122223333:role/AmiAdmin', 'arn:aws:iam::444455556666:role/AmiAdmin'

Show-Step 'Get-AmiContext -RoleArn $fleet: one row per account, each role assumed once for the whole session'
Get-AmiContext -RoleArn $fleet | Format-Table AccountId, Reachable, RoleArn | Show-Output

Show-Step "Get-Ami -RoleArn `$fleet -Region us-east-1, eu-west-1 -Name 'team-*': every account and region in one call"
$teamImages = Get-Ami -RoleArn $fleet -Region us-east-1, eu-west-1 -Name 'team-*' | Sort-Object AccountId, Region, Name
$teamImages | Format-Table AccountId, Region, ImageId, Name | Show-Output

Show-Step 'Piped on, each image is deprecated in its own account through its own role: Set-AmiDeprecation -InDays 30 -PassThru'
$teamImages | Set-AmiDeprecation -InDays 30 -PassThru | Sort-Object AccountId, Region, Name | Format-Table AccountId, Region, Name, DeprecationTime | Show-Output

Show-Step 'Find-StaleAmi -RoleName AmiAdmin -RoleAccountId ... -KeepLatest 1: a cost line per account and the total'
Find-StaleAmi -RoleName AmiAdmin -RoleAccountId 111122223333, 444455556666 -Region us-east-1, eu-west-1 -Name 'team-*' -KeepLatest 1 |
    Sort-Object AccountId, Region | Format-Table AccountId, Region, ImageId, Name, Reason | Show-Output
