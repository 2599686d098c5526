# A fleet under attack, as a hostile reviewer runs it against LocalAws's three accounts: faults in one account
# (refused keys, a region down, throttling), a run killed mid-way, odd parameters, every cmdlet fed fleet objects,
# secrets in every stream. Each test pins a bug found that way, or a property that must hold.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext

    $script:names = 'Default', 'B', 'C'
    $script:accounts = $names | ForEach-Object { (Get-LocalAwsAccount $_).Id }
    $script:fleet = $accounts | ForEach-Object { "arn:aws:iam::${_}:role/AmiAdmin" }
    $script:regions = 'us-east-1', 'eu-west-1'

    # One image per account and region, named after both, with two snapshots.
    function New-FleetImage([string] $Prefix) {
        foreach ($account in $accounts) {
            foreach ($region in $regions) {
                Add-LocalAwsSeed @{ account = $account; region = $region; images = @(@{ name = "$Prefix-$account-$region"; creationDate = '2025-01-01T00:00:00Z'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 4 }) }) } | Out-Null
            }
        }
    }

    # What account $Name sees with its own keys, bypassing every role.
    function Get-OwnAmi([string] $Name, [string] $Region, [string] $Prefix) {
        Get-Ami -Credential (New-LocalAwsCredential $Name) -Region $Region -Name "$Prefix-*" -IncludeDeprecated -IncludeDisabled
    }
}

AfterAll { Set-LocalAwsFault @{}; Clear-AmiContext }

Describe 'One account failing while a fleet acts' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'removes the images of the other accounts when one account''s calls are refused mid-run, and names that account' {
        New-FleetImage 'web'
        $found = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        $found.Count | Should -Be 6
        # B's role session is held already; from now on every call B signs is refused (a revoked session, a deny).
        Set-LocalAwsFault @{ deny = @(@{ account = $accounts[1]; kind = 'authFailure' }) }
        $removed = @($found | Remove-AmiWithSnapshots -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Set-LocalAwsFault @{}
        ($removed | Where-Object Deregistered).AccountId | Sort-Object | Should -Be ($accounts[0], $accounts[0], $accounts[2], $accounts[2] | Sort-Object)
        @($failed).Count | Should -Be 2
        foreach ($error in $failed) { $error.Exception.Message | Should -Match $accounts[1] }
        foreach ($region in $regions) {
            @(Get-OwnAmi Default $region 'web').Count | Should -Be 0
            @(Get-OwnAmi C $region 'web').Count | Should -Be 0
            @(Get-OwnAmi B $region 'web').Count | Should -Be 1
        }
    }

    It 'deprecates the images of the other accounts when one account''s calls are refused mid-run' {
        New-FleetImage 'web'
        $found = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        Set-LocalAwsFault @{ deny = @(@{ account = $accounts[2]; kind = 'authFailure' }) }
        $found | Set-AmiDeprecation -InDays 30 -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        Set-LocalAwsFault @{}
        @($failed).Count | Should -Be 2
        foreach ($error in $failed) { $error.Exception.Message | Should -Match $accounts[2] }
        foreach ($region in $regions) {
            (Get-OwnAmi Default $region 'web').DeprecationTime | Should -Not -BeNullOrEmpty
            (Get-OwnAmi B $region 'web').DeprecationTime | Should -Not -BeNullOrEmpty
            (Get-OwnAmi C $region 'web').DeprecationTime | Should -BeNullOrEmpty
        }
    }
}

Describe 'One account refused while every cmdlet reads or acts on piped fleet objects' {
    BeforeAll {
        Reset-LocalAws; Clear-AmiContext
        New-FleetImage 'web'
        New-FleetImage 'old'
        Get-Ami -RoleArn $fleet -Region $regions -Name 'old-*' | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false -WarningAction Ignore | Out-Null
        $script:images = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        $script:orphans = @(Find-OrphanedAmiSnapshot -RoleArn $fleet -Region $regions -InformationAction Ignore)
    }
    BeforeEach { Set-LocalAwsFault @{ deny = @(@{ account = $accounts[1]; kind = 'authFailure' }) } }
    AfterEach { Set-LocalAwsFault @{} }

    It '<Name> finishes the other accounts and reports the refused one per place' -TestCases @(
        @{ Name = 'Get-AmiCost'; Run = { $images | Get-AmiCost -InformationAction Ignore }; Out = 4 }
        @{ Name = 'Test-AmiTrust'; Run = { $images | Test-AmiTrust }; Out = 4 }
        @{ Name = 'Wait-Ami'; Run = { $images | Wait-Ami -TimeoutSec 30 }; Out = 4 }
        @{ Name = 'Copy-AmiToRegion'; Run = { $images | Where-Object Region -eq 'us-east-1' | Copy-AmiToRegion -DestinationRegion eu-west-2 -Confirm:$false }; Out = 2 }
        @{ Name = 'Remove-OrphanedAmiSnapshot'; Run = { $orphans | Remove-OrphanedAmiSnapshot -Confirm:$false }; Out = 0 }
    ) {
        param($Name, $Run, $Out)
        # The suite runs with $ErrorActionPreference = 'Stop' (build/Invoke-PesterSuite.ps1): a user's default is Continue.
        $output = @(& { $ErrorActionPreference = 'Continue'; & $Run } 2>&1)
        $errors = @($output | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
        @($output | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] }).Count | Should -Be $Out
        @($errors).Count | Should -Be $(if ($Name -eq 'Copy-AmiToRegion') { 1 } else { 2 })
        foreach ($error in $errors) { "$($error.TargetObject) $($error.Exception.Message)" | Should -Match $accounts[1] }
        if ($Name -eq 'Remove-OrphanedAmiSnapshot') {
            Set-LocalAwsFault @{}
            ($((Find-OrphanedAmiSnapshot -RoleArn $fleet -Region $regions -InformationAction Ignore).AccountId) | Sort-Object -Unique) | Should -Be $accounts[1]
        }
    }
}

Describe 'Naming the same account twice' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'acts once per account when two roles (IAM role names ignore case) reach the same account' {
        New-FleetImage 'web'
        $twice = $fleet[1], ($fleet[1] -replace 'AmiAdmin', 'amiadmin')
        $found = @(Get-Ami -RoleArn $twice -Region us-east-1 -Name 'web-*' -WarningVariable warned -WarningAction SilentlyContinue)
        $found.Count | Should -Be 1
        $found[0].RoleArn | Should -Be $fleet[1]
        "$warned" | Should -Match $accounts[1]
        $removed = @(Get-Ami -RoleArn $twice -Region $regions -Name 'web-*' -WarningAction SilentlyContinue | Remove-AmiWithSnapshots -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $removed.Count | Should -Be 2
        @($failed).Count | Should -Be 0
        Get-LocalAwsCallCount -Action DeregisterImage | Should -Be 2
    }
}

Describe 'Copying a fleet''s images' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'copies each piped image in its own account, even when the copies share a name' {
        New-FleetImage 'web'
        $sources = @(Get-Ami -RoleArn $fleet[1], $fleet[2] -Region us-east-1 -Name 'web-*')
        $copies = @($sources | Copy-AmiToRegion -DestinationRegion eu-west-2 -Name 'golden-copy' -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue)
        @($failed).Count | Should -Be 0
        $copies.Count | Should -Be 2
        ($copies.AccountId | Sort-Object) | Should -Be ($accounts[1], $accounts[2] | Sort-Object)
        foreach ($name in 'B', 'C') { @(Get-OwnAmi $name eu-west-2 'golden').Count | Should -Be 1 }
        @(Get-OwnAmi Default eu-west-2 'golden').Count | Should -Be 0
        # A re-run finds each account's own copy, and copies nothing again.
        $again = @($sources | Copy-AmiToRegion -DestinationRegion eu-west-2 -Name 'golden-copy' -Confirm:$false)
        ($again.ImageId | Sort-Object) | Should -Be ($copies.ImageId | Sort-Object)
        Get-LocalAwsCallCount -Action CopyImage | Should -Be 2
    }
}

Describe 'Errors over a fleet name the account' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'names the account where an image was not found, an explicit -RoleArn winning over the piped one' {
        New-FleetImage 'web'
        $image = Get-Ami -RoleArn $fleet[1] -Region us-east-1 -Name 'web-*'
        $image | Set-AmiDeprecation -InDays 30 -RoleArn $fleet[2] -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $image | Remove-AmiWithSnapshots -RoleArn $fleet[2] -Confirm:$false -ErrorVariable failed2 -ErrorAction SilentlyContinue
        $image | Copy-AmiToRegion -DestinationRegion eu-west-2 -RoleArn $fleet[2] -Confirm:$false -ErrorVariable failed3 -ErrorAction SilentlyContinue
        foreach ($error in @($failed) + @($failed2) + @($failed3)) {
            $error.FullyQualifiedErrorId | Should -BeLike 'AmiNotFound,*'
            $error.Exception.Message | Should -Match "$($accounts[2])/us-east-1"
        }
        @($failed).Count + @($failed2).Count + @($failed3).Count | Should -Be 3
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}

Describe '-WhatIf over a fleet' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'makes no mutating call in any account for any mutating cmdlet, -CheckOtherAccounts included' {
        New-FleetImage 'web'
        $images = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        & {
            $images | Set-AmiDeprecation -InDays 30 -WhatIf
            $images | Disable-Ami -WhatIf
            $images | Enable-Ami -WhatIf
            $images | Enable-AmiDeregistrationProtection -WhatIf
            $images | Disable-AmiDeregistrationProtection -WhatIf
            $images | Grant-AmiLaunchPermission -AccountId 999988887777 -WhatIf
            $images | Revoke-AmiLaunchPermission -AccountId 999988887777 -WhatIf
            $images | Copy-AmiToRegion -DestinationRegion eu-west-2 -WhatIf
            $images | Remove-AmiWithSnapshots -WhatIf
            $images | Remove-AmiWithSnapshots -CheckOtherAccounts -WhatIf
        } *>&1 | Out-Null
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        foreach ($name in $names) { @(Get-OwnAmi $name 'us-east-1' 'web').Count | Should -Be 1 }
    }
}

Describe 'A throttled AssumeRole' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }
    AfterEach { Clear-AmiContext }

    It 'is a throttling error naming the account, not advice to check the role' {
        New-FleetImage 'web'
        # Two attempts per call keep the SDK's backoff short: of the four AssumeRole attempts the first three are
        # throttled, so one role fails both of its attempts and the other succeeds on its second, whatever the order.
        Set-AmiContext -MaxAttempts 2
        Set-LocalAwsFault @{ throttle = @{ action = 'AssumeRole'; nextN = 3 } }
        $found = @(Get-Ami -RoleArn $fleet[1], $fleet[2] -Region us-east-1 -Name 'web-*' -ErrorVariable failed -ErrorAction SilentlyContinue)
        Set-LocalAwsFault @{}
        $found.Count | Should -Be 1
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AwsThrottled,AmiCmdlets.GetAmiCommand'
        $failed[0].Exception.Message | Should -Match "Account ($($accounts[1])|$($accounts[2]))"
        $failed[0].Exception.Message | Should -Not -Match 'trusts the caller'
    }
}

Describe 'A fleet removal killed mid-run' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }
    AfterEach { Set-LocalAwsFault @{} }

    It 'leaves only snapshots a fleet search finds and removes, in every account' {
        New-FleetImage 'web'
        # The 5th DeleteSnapshot and every later one wait unanswered: the child is killed with images deregistered
        # and some of their snapshots left, as a crash or a closed terminal leaves them.
        Set-LocalAwsFault @{ holdAfter = @{ DeleteSnapshot = 4 } }
        $file = Join-Path ([IO.Path]::GetTempPath()) ("amicmdlets-kill-" + [guid]::NewGuid() + '.ps1')
        Set-Content $file @"
Import-Module '$env:AMICMDLETS_MODULE'
Get-Ami -RoleArn '$($fleet -join "', '")' -Region $($regions -join ', ') -Name 'web-*' | Remove-AmiWithSnapshots -Confirm:`$false
"@
        $child = Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-File', $file -PassThru -RedirectStandardOutput "$file.out"
        try {
            # A gate, not a timer: LocalAws counts a held call before it holds it.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-LocalAwsCallCount -Action DeleteSnapshot) -le 4 -and -not $child.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $child.HasExited | Should -BeFalse
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true) }
            $child.WaitForExit()
            Remove-Item $file, "$file.out" -ErrorAction Ignore
        }
        Set-LocalAwsFault @{}
        $orphans = @(Find-OrphanedAmiSnapshot -RoleArn $fleet -Region $regions -InformationAction Ignore)
        $orphans.Count | Should -BeGreaterThan 0
        # What is left is what the search found, in each account with its own keys.
        $left = 0
        foreach ($name in $names) { foreach ($region in $regions) { $left += @(Find-OrphanedAmiSnapshot -Credential (New-LocalAwsCredential $name) -Region $region -InformationAction Ignore).Count } }
        $left | Should -Be $orphans.Count
        # A re-run finishes the images still there; the orphans go piped on, each in its own account.
        Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' | Remove-AmiWithSnapshots -Confirm:$false -WarningAction Ignore | Out-Null
        $orphans | Remove-OrphanedAmiSnapshot -Confirm:$false
        foreach ($name in $names) {
            foreach ($region in $regions) {
                @(Get-OwnAmi $name $region 'web').Count | Should -Be 0
                @(Find-OrphanedAmiSnapshot -Credential (New-LocalAwsCredential $name) -Region $region -InformationAction Ignore).Count | Should -Be 0
            }
        }
    }
}

Describe 'Piped objects of an account that cannot be reached' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'acts on the other accounts'' objects and reports the account once' {
        New-FleetImage 'web'
        $images = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        # A new session (sessions are per PowerShell session) in which C's role now refuses.
        Clear-AmiContext
        Set-LocalAwsRoleRefusal -RoleArn $fleet[2]
        $assumedBefore = Get-LocalAwsCallCount -Action AssumeRole
        $done = @($images | Set-AmiDeprecation -InDays 30 -Confirm:$false -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        ($done.AccountId | Sort-Object) | Should -Be ($accounts[0], $accounts[0], $accounts[1], $accounts[1] | Sort-Object)
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AccountUnreachable,AmiCmdlets.SetAmiDeprecationCommand'
        $failed[0].TargetObject | Should -Be $accounts[2]
        # One AssumeRole per role: the refusal is not asked again for C's other region.
        (Get-LocalAwsCallCount -Action AssumeRole) - $assumedBefore | Should -Be 3
        foreach ($region in $regions) { (Get-OwnAmi C $region 'web').DeprecationTime | Should -BeNullOrEmpty }
    }
}

Describe 'Waiting over a fleet' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'gives a resume command per account that waits in that account' {
        foreach ($account in $accounts[1], $accounts[2]) {
            Add-LocalAwsSeed @{ account = $account; region = 'us-east-1'; images = @(@{ name = "slow-$account"; state = 'pending' }) } | Out-Null
        }
        $images = @(Get-Ami -RoleArn $fleet[1], $fleet[2] -Region us-east-1 -Name 'slow-*')
        $images.Count | Should -Be 2
        $images | Wait-Ami -TimeoutSec 1 -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        @($failed).Count | Should -Be 2
        foreach ($error in $failed) {
            $image = $images | Where-Object ImageId -eq $error.TargetObject
            $error.Exception.Message | Should -Match ([regex]::Escape("Wait-Ami -ImageId $($image.ImageId) -Region us-east-1 -RoleArn $($image.RoleArn)"))
        }
    }
}
