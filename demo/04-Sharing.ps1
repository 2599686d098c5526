Show-Step "Share the copies with account 111122223333: Grant-AmiLaunchPermission -AccountId 111122223333"
try {
    $copies | Grant-AmiLaunchPermission -AccountId 111122223333
}
catch {
    # The copies above are encrypted with each region's AWS-managed key, which no other account can ever use.
    Write-Host "Refused ($($_.FullyQualifiedErrorId)): $($_.Exception.Message)" -ForegroundColor Yellow
}

Show-Step "Copy again with a customer-managed key (alias/golden, seeded in LocalAws), then share: snapshots and KMS grants come along"
foreach ($region in 'eu-west-1', 'ap-southeast-2') { Add-LocalAwsSeed @{ region = $region; keys = @(@{ alias = 'golden'; description = 'golden images' }) } | Out-Null }
$shareable = $golden | Copy-AmiToRegion -DestinationRegion eu-west-1, ap-southeast-2 -Name '{name}-shared' -KmsKeyId alias/golden -Wait
$shareable | Grant-AmiLaunchPermission -AccountId 111122223333 -PassThru | Get-AmiLaunchPermission | Show-Output

Show-Step 'Account 111122223333 sees them: Get-Ami -ExecutableBy self -Credential <account B>'
$accountB = [pscredential]::new('AKIALOCALAWSACCOUNTB', (ConvertTo-SecureString 'localaws-secret-b' -AsPlainText -Force))
Get-Ami -ExecutableBy self -Region eu-west-1, ap-southeast-2 -Credential $accountB | Sort-Object Region | Show-Output

Show-Step 'Run the same Grant again: everything is in place, nothing changes'
$shareable | Grant-AmiLaunchPermission -AccountId 111122223333 -Verbose 4>&1 |
    ForEach-Object { Write-Host "VERBOSE: $($_.Message)" }

Show-Step "Give account 111122223333 a copy of its own, so ours can be retired later: Copy-AmiToAccount -RoleName AmiAdmin -RoleAccountId 111122223333 (copied by that account, re-encrypted with its key)"
Add-LocalAwsSeed @{ account = '111122223333'; region = 'eu-west-1'; keys = @(@{ alias = 'consumer'; description = 'account B images' }) } | Out-Null
$shareable | Where-Object Region -EQ 'eu-west-1' |
    Copy-AmiToAccount -RoleName AmiAdmin -RoleAccountId 111122223333 -KmsKeyId alias/consumer -Tag @{ CopiedFrom = 'platform' } -Wait |
    Format-Table ImageId, Name, AccountId, OwnerId, State, Encrypted | Show-Output
