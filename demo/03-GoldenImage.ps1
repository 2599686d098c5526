# LocalAws keeps new images pending for 2 s; poll twice a second instead of every 2 s to keep the tour short.
Set-AmiContext -PollIntervalSec 0.5 -MaxPollIntervalSec 2

# The provisioning script: LocalAws prints its echo lines to the console, then stops the instance as shutdown would.
$provision = @'
#!/bin/bash
echo 'installing nginx'
dnf install -y nginx
echo 'nginx ready'
shutdown -h now
'@
Show-Step "Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-built-{timestamp}' -UserData `$provision -Verbose   (launch, provision, capture, terminate)"
$build = Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-built-{timestamp}' -UserData $provision -Tag @{ Stage = 'golden' } -Verbose 4>&1
$build | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { Write-Host "VERBOSE: $($_.Message)" }
$build | Where-Object { $_ -is [AmiCmdlets.Ami] } | Show-Output

Show-Step 'Or capture an instance you configured yourself (seeded in LocalAws)'
$instanceId = (Add-LocalAwsSeed @{ region = 'us-east-1'; instances = @(@{ state = 'running'; tags = @{ Name = 'web'; Team = 'web'; 'aws:cloudformation:stack-name' = 'build' }
                volumes = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) }) }).instanceIds[0]
Write-Host "Instance: $instanceId"

Show-Step "New-GoldenAmi -InstanceId $instanceId -Name '{name}-golden-{timestamp}' -CopyInstanceTags -Tag @{ Stage = 'golden' } -NoReboot -Wait"
$golden = New-GoldenAmi -InstanceId $instanceId -Name '{name}-golden-{timestamp}' -CopyInstanceTags -Tag @{ Stage = 'golden' } -NoReboot -Wait
$golden | Show-Output
Write-Host "Tags on the image (aws:* tags of the instance are not copied): $(($golden.Tags.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ')"

Show-Step "Copy-AmiToRegion -DestinationRegion eu-west-1, ap-southeast-2 -Encrypted -Wait   (in parallel, tagged, idempotent)"
$copies = $golden | Copy-AmiToRegion -DestinationRegion eu-west-1, ap-southeast-2 -Encrypted -Wait
$copies | Show-Output

Show-Step 'Run the same copy again: the copies already exist, nothing is copied twice'
$again = $golden | Copy-AmiToRegion -DestinationRegion eu-west-1, ap-southeast-2 -Encrypted -Verbose 4>&1
$again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { Write-Host "VERBOSE: $($_.Message)" }
