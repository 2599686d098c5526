Show-Step 'A configured build instance to capture (seeded in LocalAws)'
$instanceId = (Add-LocalAwsSeed @{ region = 'us-east-1'; instances = @(@{ state = 'running'; tags = @{ Name = 'web'; Team = 'web'; 'aws:cloudformation:stack-name' = 'build' }
                volumes = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) }) }).instanceIds[0]
Write-Host "Instance: $instanceId"

# LocalAws keeps new images pending for 2 s; poll twice a second instead of every 2 s to keep the tour short.
Set-AmiContext -PollIntervalSec 0.5 -MaxPollIntervalSec 2

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
