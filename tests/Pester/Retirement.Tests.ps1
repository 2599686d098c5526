# The end of an image's life as a user runs it against LocalAws: Set-AmiDeprecation, deregistration
# protection, Disable-/Enable-Ami and Remove-AmiWithSnapshots (refusals, shared snapshots, -WhatIf,
# -Confirm:$false in a non-interactive pwsh, throttling, and the calls a large removal costs).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext

    # Images with a 20 GiB root and a 50 GiB data volume, each backed by its own snapshot.
    function New-TestImage([string[]] $Name, [hashtable] $Extra = @{}, [string] $Account = 'Default') {
        $images = foreach ($n in $Name) {
            $image = @{ name = $n; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 20 }, @{ deviceName = '/dev/sdf'; sizeGiB = 50 }) }
            foreach ($key in $Extra.Keys) { $image[$key] = $Extra[$key] }
            $image
        }
        Add-LocalAwsSeed @{ account = (Get-LocalAwsAccount $Account).Id; images = @($images) }
    }

    function Get-CallTotal([string[]] $Action) {
        $sum = 0
        foreach ($call in (Get-LocalAwsCall)) { if (-not $Action -or $call.action -in $Action) { $sum += $call.count } }
        $sum
    }
}

AfterAll { Clear-AmiContext }

Describe 'Remove-AmiWithSnapshots' {
    BeforeEach { Reset-LocalAws }

    It 'deregisters the image, deletes its snapshots and says how much it freed' {
        $seeded = New-TestImage 'web-2026-10-01'
        $result = Get-Ami -Name 'web-2026-10-01' | Remove-AmiWithSnapshots -Confirm:$false
        $result.GetType().FullName | Should -Be 'AmiCmdlets.AmiRemovalResult'
        $result.Deregistered | Should -BeTrue
        $result.DeletedSnapshotIds | Should -Be $seeded.snapshotIds
        $result.KeptSnapshots | Should -BeNullOrEmpty
        $result.FreedGiB | Should -Be 70
        Get-Ami -Name 'web-2026-10-01' -IncludeDisabled | Should -BeNullOrEmpty
        @(Get-LocalAwsSnapshotId).Count | Should -Be 0
        ($result | Format-Table | Out-String -Width 120) | Should -Match 'Region\s+Deregistered\s+Deleted\s+Kept'
    }

    It 'keeps a snapshot that another AMI uses and names that AMI' {
        $first = New-TestImage 'web-a'
        $other = Add-LocalAwsSeed @{ images = @(@{ name = 'web-a-rebuilt'; snapshotIds = @($first.snapshotIds[0]); deprecationTime = [DateTime]::UtcNow.AddDays(-1).ToString('o') }) }
        $result = Remove-AmiWithSnapshots -ImageId $first.imageIds[0] -Confirm:$false
        $result.DeletedSnapshotIds | Should -Be @($first.snapshotIds[1])
        $result.KeptSnapshots.SnapshotId | Should -Be $first.snapshotIds[0]
        $result.KeptSnapshots.Reason | Should -Match ([regex]::Escape($other.imageIds[0]))
        $result.FreedGiB | Should -Be 50
        @(Get-LocalAwsSnapshotId).Count | Should -Be 1
    }

    It 'refuses an image an instance uses (AmiInUse) and removes it with -Force' {
        $image = (New-TestImage 'web-live').imageIds[0]
        $instance = (Add-LocalAwsSeed @{ instances = @(@{ imageId = $image; state = 'running' }) }).instanceIds[0]
        $result = Remove-AmiWithSnapshots -ImageId $image -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiInUse,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        $refused[0].TargetObject | Should -Be $image
        $refused[0].Exception.Message | Should -Match "instance $instance \(running\)"
        Get-LocalAwsCallCount -Mutating | Should -Be 0

        $result = Remove-AmiWithSnapshots -ImageId $image -Force -Confirm:$false -WarningVariable warned 3>$null
        $result.Deregistered | Should -BeTrue
        "$warned" | Should -Match $instance
    }

    It 'refuses an image a launch template uses (AmiInUse) and removes it with -Force' {
        $image = (New-TestImage 'web-asg').imageIds[0]
        $template = (Add-LocalAwsSeed @{ launchTemplates = @(@{ name = 'web-asg'; imageId = $image }) }).launchTemplateIds[0]
        Remove-AmiWithSnapshots -ImageId $image -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiInUse,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        $refused[0].Exception.Message | Should -Match "launch template 'web-asg' \($template\) version 1"
        Get-LocalAwsCallCount -Action DeregisterImage | Should -Be 0

        (Remove-AmiWithSnapshots -ImageId $image -Force -Confirm:$false 3>$null).Deregistered | Should -BeTrue
    }

    It 'refuses a protected image and says how to turn protection off' {
        $image = (New-TestImage 'web-guarded' -Extra @{ deregistrationProtection = $true }).imageIds[0]
        Remove-AmiWithSnapshots -ImageId $image -Force -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiDeregistrationProtected,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        $refused[0].Exception.Message | Should -Match "Disable-AmiDeregistrationProtection -ImageId $image -Region us-east-1"
        Get-LocalAwsCallCount -Mutating | Should -Be 0

        Disable-AmiDeregistrationProtection -ImageId $image
        (Remove-AmiWithSnapshots -ImageId $image -Confirm:$false).Deregistered | Should -BeTrue
    }

    It 'refuses an image another account owns (AmiNotOwned) and one that does not exist (AmiNotFound)' {
        $foreign = (New-TestImage 'team-b-base' -Account B -Extra @{ launchPermissions = @((Get-LocalAwsAccount Default).Id) }).imageIds[0]
        Get-Ami -ImageId $foreign | Should -Not -BeNullOrEmpty
        Remove-AmiWithSnapshots -ImageId $foreign, 'ami-0123456789abcdef0' -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.FullyQualifiedErrorId | Should -Be @('AmiNotOwned,AmiCmdlets.RemoveAmiWithSnapshotsCommand', 'AmiNotFound,AmiCmdlets.RemoveAmiWithSnapshotsCommand')
        $refused[0].Exception.Message | Should -Match (Get-LocalAwsAccount B).Id
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'keeps every snapshot with -KeepSnapshot' {
        New-TestImage 'web-keep' | Out-Null
        $result = Get-Ami -Name 'web-keep' | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false
        $result.Deregistered | Should -BeTrue
        $result.KeptSnapshots.Reason | Should -Be @('-KeepSnapshot', '-KeepSnapshot')
        @(Get-LocalAwsSnapshotId).Count | Should -Be 2
    }

    It 'revokes the KMS grants Grant-AmiLaunchPermission made for the image and says so; -WhatIf revokes nothing' {
        $B = (Get-LocalAwsAccount B).Id
        $image = (Add-LocalAwsSeed @{ keys = @(@{ alias = 'golden' }); images = @(@{ name = 'web-shared'; encrypted = $true; kmsKeyId = 'alias/golden' }) }).imageIds[0]
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B
        (Get-AmiLaunchPermission -ImageId $image).KmsGrant | Should -BeTrue

        Remove-AmiWithSnapshots -ImageId $image -WhatIf
        Get-LocalAwsCallCount -Action RevokeGrant | Should -Be 0
        (Get-AmiLaunchPermission -ImageId $image).KmsGrant | Should -BeTrue

        $result = Remove-AmiWithSnapshots -ImageId $image -Confirm:$false
        $result.Deregistered | Should -BeTrue
        $result.RevokedKmsGrants | Should -HaveCount 1
        $result.RevokedKmsGrants[0] | Should -BeLike "AmiCmdlets-$image-$B on arn:aws:kms:us-east-1:*:key/*"
        Get-LocalAwsCallCount -Action RevokeGrant | Should -Be 1
    }

    It 'finishes, when run again with the same ids, the removal of an image a stopped run already deregistered' {
        $seeded = New-TestImage 'web-half-done'
        # What a run killed between DeregisterImage and its snapshot deletes leaves behind.
        Invoke-LocalAwsEc2 -Script "`$ec2.DeregisterImageAsync([Amazon.EC2.Model.DeregisterImageRequest]@{ ImageId = '$($seeded.imageIds[0])' }).GetAwaiter().GetResult() | Out-Null" | Out-Null
        @(Get-LocalAwsSnapshotId).Count | Should -Be 2

        $result = Remove-AmiWithSnapshots -ImageId $seeded.imageIds[0] -Confirm:$false
        $result.Deregistered | Should -BeTrue
        $result.AlreadyDeregistered | Should -BeTrue
        @($result.DeletedSnapshotIds | Sort-Object) | Should -Be @($seeded.snapshotIds | Sort-Object)
        @(Get-LocalAwsSnapshotId).Count | Should -Be 0
        Get-LocalAwsCallCount -Action DeregisterImage | Should -Be 1 -Because 'only the one the stopped run made'
        ($result | Format-Table | Out-String -Width 120) | Should -Match "$($seeded.imageIds[0])\s+\s*us-east-1\s+already"
    }

    It 'makes no change with -WhatIf, and the message names the snapshots that would go' {
        $seeded = New-TestImage 'web-whatif'
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Get-Ami -Name 'web-whatif' | Remove-AmiWithSnapshots -WhatIf
"@
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match ([regex]::Escape("Deregister AMI 'web-whatif' and delete 2 snapshots ($($seeded.snapshotIds[0]), $($seeded.snapshotIds[1]))"))
        $run.Output | Should -Match ([regex]::Escape("on target `"$($seeded.imageIds[0]) ('web-whatif') in us-east-1`""))
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        Get-Ami -Name 'web-whatif' | Should -Not -BeNullOrEmpty
    }

    It 'runs with -Confirm:$false in a non-interactive pwsh, and refuses to prompt there without it' {
        New-TestImage 'web-ci-1', 'web-ci-2' | Out-Null
        $prompted = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Get-Ami -Name 'web-ci-1' | Remove-AmiWithSnapshots
"@
        $prompted.Output | Should -Match 'NonInteractive'
        Get-LocalAwsCallCount -Mutating | Should -Be 0

        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
`$ErrorActionPreference = 'Stop'
`$results = Get-Ami -Name 'web-ci-*' | Remove-AmiWithSnapshots -Confirm:`$false
'REMOVED=' + (`$results | Where-Object Deregistered).Count
"@
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'REMOVED=2'
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 4
    }

    It 'retries throttled deletes and deletes every snapshot exactly once' {
        $names = 1..20 | ForEach-Object { 'web-throttled-{0:D2}' -f $_ }
        $seeded = New-TestImage $names
        # With 8 attempts a snapshot is lost only if 8 calls in a row are throttled (0.2^8): retries show, flakes do not.
        Set-AmiContext -MaxAttempts 8
        Set-LocalAwsFault @{ throttle = @{ action = 'DeleteSnapshot'; fraction = 0.2; seed = 5 } }
        try { $results = Get-Ami -Name 'web-throttled-*' | Remove-AmiWithSnapshots -Confirm:$false -ErrorVariable failures }
        finally { Set-LocalAwsFault @{}; Clear-AmiContext }
        $failures | Should -BeNullOrEmpty
        ($results.DeletedSnapshotIds | Sort-Object) | Should -Be ($seeded.snapshotIds | Sort-Object)
        @(Get-LocalAwsSnapshotId).Count | Should -Be 0
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -BeGreaterThan 40 -Because 'some deletes were throttled and retried'
    }

    It 'removes 200 piped AMIs with 2 snapshots each in at most 200 + 400 + 20 + 10 calls' {
        $seeded = New-TestImage (1..200 | ForEach-Object { 'bulk-{0:D3}' -f $_ })
        $images = Get-Ami -Name 'bulk-*'
        $images.Count | Should -Be 200
        $before = Get-CallTotal
        $results = $images | Remove-AmiWithSnapshots -Confirm:$false
        @($results | Where-Object { $_.Deregistered -and $_.DeletedSnapshotIds.Count -eq 2 }).Count | Should -Be 200
        Get-LocalAwsCallCount -Action DeregisterImage | Should -BeLessOrEqual 200
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -BeLessOrEqual 400
        Get-LocalAwsCallCount -Action DescribeImageReferences | Should -Be 20 -Because 'the in-use check asks about 10 images a call'
        $others = (Get-CallTotal) - $before - (Get-CallTotal DeregisterImage, DeleteSnapshot, DescribeImageReferences)
        $others | Should -BeLessOrEqual 10
        $seeded.snapshotIds.Count | Should -Be 400
    }
}

Describe 'Set-AmiDeprecation' {
    BeforeEach { Reset-LocalAws }

    It 'rounds to the minute in UTC and outputs what AWS stored' {
        $image = (New-TestImage 'web-dated').imageIds[0]
        $asked = [DateTime]::UtcNow.Date.AddDays(20).AddHours(8).AddMinutes(44).AddSeconds(31)
        $ami = Set-AmiDeprecation -ImageId $image -DeprecateAt $asked -PassThru
        $ami.DeprecationTime | Should -Be $asked.Date.AddHours(8).AddMinutes(45)
        $ami.DeprecationTime.Kind | Should -Be 'Utc'
    }

    It 'takes -InDays from now and binds piped images' {
        New-TestImage 'web-1', 'web-2' | Out-Null
        $amis = Get-Ami -Name 'web-*' | Set-AmiDeprecation -InDays 30 -PassThru
        $amis.Count | Should -Be 2
        foreach ($ami in $amis) { [Math]::Abs(($ami.DeprecationTime - [DateTime]::UtcNow.AddDays(30)).TotalMinutes) | Should -BeLessOrEqual 2 }
    }

    It 'refuses a past time or one too far ahead before any call' {
        $image = (New-TestImage 'web-bad-date').imageIds[0]
        Reset-LocalAws
        { Set-AmiDeprecation -ImageId $image -DeprecateAt (Get-Date).AddDays(-1) } | Should -Throw -ErrorId 'InvalidDeprecationTime,AmiCmdlets.SetAmiDeprecationCommand'
        { Set-AmiDeprecation -ImageId $image -DeprecateAt (Get-Date).AddYears(11) } | Should -Throw -ErrorId 'InvalidDeprecationTime,AmiCmdlets.SetAmiDeprecationCommand'
        { Set-AmiDeprecation -ImageId $image -InDays 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.SetAmiDeprecationCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'refuses more than 2 years after creation for a public image, per image' {
        $public = (New-TestImage 'web-public' -Extra @{ public = $true }).imageIds[0]
        $private = (New-TestImage 'web-private').imageIds[0]
        $amis = Set-AmiDeprecation -ImageId $public, $private -DeprecateAt ([DateTime]::UtcNow.AddYears(3)) -PassThru -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'InvalidDeprecationTime,AmiCmdlets.SetAmiDeprecationCommand'
        $refused[0].TargetObject | Should -Be $public
        $amis.ImageId | Should -Be $private
    }

    It 'clears the deprecation with -Clear' {
        $image = (New-TestImage 'web-undated' -Extra @{ deprecationTime = [DateTime]::UtcNow.AddDays(3).ToString('o') }).imageIds[0]
        (Get-Ami -ImageId $image).DeprecationTime | Should -Not -BeNullOrEmpty
        $ami = Set-AmiDeprecation -ImageId $image -Clear -PassThru
        $ami.DeprecationTime | Should -BeNullOrEmpty
        Get-LocalAwsCallCount -Action DisableImageDeprecation | Should -Be 1
    }

    It 'makes no change with -WhatIf' {
        $image = (New-TestImage 'web-whatif').imageIds[0]
        Set-AmiDeprecation -ImageId $image -InDays 10 -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}

Describe 'Deregistration protection and Disable-/Enable-Ami' {
    BeforeEach { Reset-LocalAws }

    It 'turns protection on and off, and warns about the cooldown' {
        $image = (New-TestImage 'web-guarded').imageIds[0]
        (Enable-AmiDeregistrationProtection -ImageId $image -WithCooldown -PassThru).DeregistrationProtection | Should -BeTrue
        Remove-AmiWithSnapshots -ImageId $image -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiDeregistrationProtected,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        $refused[0].Exception.Message | Should -Match '24 hours'

        Disable-AmiDeregistrationProtection -ImageId $image -WarningVariable cooldown 3>$null
        "$cooldown" | Should -Match 'cooldown'
        Remove-AmiWithSnapshots -ImageId $image -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable stillRefused
        $stillRefused[0].Exception.Message | Should -Match 'stays in force until'
    }

    It 'hides a disabled image from Get-Ami unless -IncludeDisabled, and enables it again' {
        $image = (New-TestImage 'web-retired').imageIds[0]
        $disabled = Disable-Ami -ImageId $image -Confirm:$false -PassThru
        $disabled.State | Should -Be 'disabled'
        Get-Ami -Name 'web-retired' | Should -BeNullOrEmpty
        (Get-Ami -Name 'web-retired' -IncludeDisabled).State | Should -Be 'disabled'

        (Get-Ami -Name 'web-retired' -IncludeDisabled | Enable-Ami -PassThru).State | Should -Be 'available'
        (Get-Ami -Name 'web-retired').State | Should -Be 'available'
    }

    It 'asks before disabling (ConfirmImpact High) and changes nothing with -WhatIf' {
        (Get-Command Disable-Ami).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        (Get-Command Remove-AmiWithSnapshots).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $image = (New-TestImage 'web-keep-enabled').imageIds[0]
        Disable-Ami -ImageId $image -WhatIf
        Enable-AmiDeregistrationProtection -ImageId $image -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'refuses an image of another account with AmiNotOwned, not an authentication failure' {
        $foreign = (New-TestImage 'team-b-base' -Account B -Extra @{ launchPermissions = @((Get-LocalAwsAccount Default).Id) }).imageIds[0]
        Disable-Ami -ImageId $foreign -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiNotOwned,AmiCmdlets.DisableAmiCommand'
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}
