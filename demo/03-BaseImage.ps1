Show-Step 'Find-BaseAmi -OperatingSystem Ubuntu2404 -Region us-east-1, eu-west-1   (newest, from Canonical''s own account only)'
$base = Find-BaseAmi -OperatingSystem Ubuntu2404 -Region us-east-1, eu-west-1
$base | Show-Output

Show-Step 'Get-Ami -Source Community -Name ''ubuntu/*''   (a public look-alike: same name, newer, another owner)'
$lookAlike = Get-Ami -Source Community -Name 'ubuntu/*'
$lookAlike | Format-Table ImageId, OwnerId, Source, Name | Show-Output

Show-Step 'Test-AmiTrust on both   (the default policy refuses community images, and says why)'
$reports = @($base | Where-Object Region -EQ 'us-east-1'; $lookAlike) | Test-AmiTrust
$reports | Format-List ImageId, Source, VerifiedProvider, CriticalFindings, Trusted, Reasons | Show-Output
