# Who still uses an image: after sharing (04-), before retiring (90-).
Show-Step 'Account 111122223333 runs an instance of the shared copy in eu-west-1 (seeded in LocalAws)'
$sharedEu = $shareable | Where-Object Region -EQ 'eu-west-1'
Add-LocalAwsSeed @{ account = '111122223333'; region = 'eu-west-1'; instances = @(@{ imageId = $sharedEu.ImageId }) } | Out-Null

Show-Step 'Get-AmiUsage: your own account live, every other account from an EC2 image usage report'
$sharedEu | Get-AmiUsage | Show-Output

Show-Step 'Remove-AmiWithSnapshots refuses it while another account still runs it (the report is reused)'
$sharedEu | Remove-AmiWithSnapshots -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused | Out-Null
foreach ($e in $refused) { Write-Host "Refused: $($e.FullyQualifiedErrorId.Split(',')[0]) $($e.TargetObject): $($e.Exception.Message)" }
