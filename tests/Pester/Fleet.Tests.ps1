# Many accounts at once, as a user runs them against LocalAws's three accounts: one command over roles (or
# profiles) x regions, objects that remember their account and role, piping that acts in each object's own
# account, one error per unreachable account, -WhatIf and literal ids over a fleet, and the calls it costs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext

    $script:accounts = 'Default', 'B', 'C' | ForEach-Object { (Get-LocalAwsAccount $_).Id }
    $script:fleet = $accounts | ForEach-Object { "arn:aws:iam::${_}:role/AmiAdmin" }
    $script:regions = 'us-east-1', 'eu-west-1'

    # One image per account and region, named after both, with a 30 GiB snapshot.
    function New-FleetImage([string] $Prefix) {
        foreach ($account in $accounts) {
            foreach ($region in $regions) {
                Add-LocalAwsSeed @{ account = $account; region = $region; images = @(@{ name = "$Prefix-$account-$region"; creationDate = '2025-01-01T00:00:00Z'; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 30 }) }) } | Out-Null
            }
        }
    }

    # What account $Name sees with its own keys, bypassing every role.
    function Get-OwnAmi([string] $Name, [string] $Region, [string] $Prefix) {
        Get-Ami -Credential (New-LocalAwsCredential $Name) -Region $Region -Name "$Prefix-*" -IncludeDeprecated -IncludeDisabled
    }
}

AfterAll { Clear-AmiContext }

Describe 'Reading a fleet' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'finds the images of three accounts in two regions in one call, each with its account and role' {
        New-FleetImage 'web'
        $found = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        $found.Count | Should -Be 6
        foreach ($image in $found) {
            $image.Name | Should -Be "web-$($image.AccountId)-$($image.Region)"
            $image.RoleArn | Should -Be "arn:aws:iam::$($image.AccountId):role/AmiAdmin"
            $image.OwnerId | Should -Be $image.AccountId
        }
        ($found.AccountId | Sort-Object -Unique) | Should -Be ($accounts | Sort-Object)
    }

    It 'assumes each role once, whatever the number of regions and commands' {
        New-FleetImage 'web'
        Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' | Out-Null
        Find-StaleAmi -RoleArn $fleet -Region $regions -Name 'web-*' -KeepLatest 0 -InformationAction Ignore | Out-Null
        # Clear-AmiContext in BeforeEach dropped the sessions of earlier tests: these are this test's.
        Get-LocalAwsCallCount -Action AssumeRole | Should -Be 3
    }

    It 'names many accounts with one role name (-RoleName with -RoleAccountId)' {
        New-FleetImage 'web'
        $found = @(Get-Ami -RoleName AmiAdmin -RoleAccountId $accounts[1], $accounts[2] -Region us-east-1 -Name 'web-*')
        ($found.AccountId | Sort-Object) | Should -Be ($accounts[1], $accounts[2] | Sort-Object)
        $found.RoleArn | Should -Contain "arn:aws:iam::$($accounts[1]):role/AmiAdmin"
    }

    It 'gives one row per account from Get-AmiContext, reachable or not' {
        $rows = @(Get-AmiContext -RoleArn ($fleet + 'arn:aws:iam::999988887777:role/AmiAdmin') -ErrorVariable failed -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 4
        ($rows | Where-Object Reachable).AccountId | Sort-Object | Should -Be ($accounts | Sort-Object)
        $unreachable = $rows | Where-Object { -not $_.Reachable }
        $unreachable.RoleArn | Should -Be 'arn:aws:iam::999988887777:role/AmiAdmin'
        $unreachable.Error | Should -Match 'AccessDenied|not authorized'
        @($failed).Count | Should -Be 1
    }

    It 'reports an account it cannot reach once, naming account and role, and finishes the others' {
        New-FleetImage 'web'
        $found = @(Get-Ami -RoleArn ($fleet + 'arn:aws:iam::999988887777:role/AmiAdmin') -Region $regions -Name 'web-*' -ErrorVariable failed -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 6
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AccountUnreachable,AmiCmdlets.GetAmiCommand'
        $failed[0].TargetObject | Should -Be '999988887777'
        $failed[0].Exception.Message | Should -Match '999988887777'
        $failed[0].Exception.Message | Should -Match ([regex]::Escape('arn:aws:iam::999988887777:role/AmiAdmin'))
    }

    It 'stops the command when its only account cannot be reached' {
        { Get-Ami -RoleArn 'arn:aws:iam::999988887777:role/AmiAdmin' -Name 'web-*' -ErrorAction Stop } |
            Should -Throw -ErrorId 'AccountUnreachable,AmiCmdlets.GetAmiCommand'
    }

    It 'sums the stale images per account and in total' {
        New-FleetImage 'web'
        $stale = @(Find-StaleAmi -RoleArn $fleet -Region $regions -Name 'web-*' -KeepLatest 0 -InformationVariable summary)
        $stale.Count | Should -Be 6
        $lines = @($summary | ForEach-Object { "$_" })
        $lines.Count | Should -Be 4
        foreach ($account in $accounts) { @($lines -match "^Account ${account}: 2 stale image\(s\), 60 GiB of snapshots, about \`$3\.00 a month").Count | Should -Be 1 }
        $lines[-1] | Should -Match '^Total: 6 stale image\(s\), 180 GiB of snapshots'
    }

    It 'keeps every role session secret out of every stream' {
        New-FleetImage 'web'
        $all = Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' -Verbose -Debug *>&1 | Out-String
        $all | Should -Match 'assuming role'
        $all | Should -Not -Match 'LocalAwsSessionToken|ASIA[A-Z2-7]{16}'
        (Get-Ami -RoleArn $fleet[1] -Name 'web-*' | Format-List * | Out-String) | Should -Not -Match 'ASIA|SessionToken'
    }
}

Describe 'Acting over a fleet' {
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'deprecates each piped image in its own account' {
        New-FleetImage 'web'
        $deprecated = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' | Set-AmiDeprecation -InDays 30 -Confirm:$false -PassThru)
        $deprecated.Count | Should -Be 6
        foreach ($name in 'Default', 'B', 'C') {
            foreach ($region in $regions) {
                $own = @(Get-OwnAmi $name $region 'web')
                $own.Count | Should -Be 1
                $own[0].DeprecationTime | Should -Not -BeNullOrEmpty
            }
        }
    }

    It 'removes each piped image and its snapshots in its own account' {
        New-FleetImage 'web'
        $removed = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' | Remove-AmiWithSnapshots -Confirm:$false)
        $removed.Count | Should -Be 6
        ($removed | Where-Object Deregistered).Count | Should -Be 6
        $removed.AccountId | Sort-Object -Unique | Should -Be ($accounts | Sort-Object)
        foreach ($name in 'Default', 'B', 'C') { foreach ($region in $regions) { Get-OwnAmi $name $region 'web' | Should -BeNullOrEmpty } }
    }

    It 'waits for piped images in their own accounts, and finds the snapshots they leave in each account' {
        New-FleetImage 'web'
        $images = @(Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*')
        $waited = @($images | Wait-Ami -TimeoutSec 60)
        ($waited | Sort-Object AccountId, Region).ImageId | Should -Be ($images | Sort-Object AccountId, Region).ImageId
        $images | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false | Out-Null
        $orphans = @(Find-OrphanedAmiSnapshot -RoleArn $fleet -Region $regions -InformationVariable summary -InformationAction SilentlyContinue)
        $orphans.Count | Should -Be 6
        ($orphans.AccountId | Sort-Object -Unique) | Should -Be ($accounts | Sort-Object)
        $lines = @($summary | ForEach-Object { "$_" })
        $lines.Count | Should -Be 4
        $lines[-1] | Should -Match '^Total: 6 orphaned snapshot\(s\), 180 GiB'
        # Piped on, each is deleted in its own account.
        $orphans | Remove-OrphanedAmiSnapshot -Confirm:$false
        @(Find-OrphanedAmiSnapshot -RoleArn $fleet -Region $regions -InformationAction Ignore).Count | Should -Be 0
    }

    It 'makes no mutating call in any account with -WhatIf' {
        New-FleetImage 'web'
        Get-Ami -RoleArn $fleet -Region $regions -Name 'web-*' | Remove-AmiWithSnapshots -WhatIf 6>&1 | Out-Null
        Find-StaleAmi -RoleArn $fleet -Region $regions -Name 'web-*' -KeepLatest 0 -InformationAction Ignore | Set-AmiDeprecation -InDays 10 -WhatIf | Out-Null
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        foreach ($name in 'Default', 'B', 'C') { @(Get-OwnAmi $name 'us-east-1' 'web').Count | Should -Be 1 }
    }

    It 'names the account in What-if' {
        New-FleetImage 'web'
        # What-if lines go to the host, so they are read from a fresh pwsh's output.
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Get-Ami -RoleArn '$($fleet[1])' -Region us-east-1 -Name 'web-*' | Remove-AmiWithSnapshots -WhatIf
"@
        $run.Output | Should -Match ([regex]::Escape("('web-$($accounts[1])-us-east-1') in $($accounts[1])/us-east-1"))
    }

    It 'refuses a literal id with two accounts before any call' {
        $before = Get-LocalAwsCallCount
        { Remove-AmiWithSnapshots -ImageId ami-0123456789abcdef0 -RoleArn $fleet[1], $fleet[2] -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'OnePlaceNeeded,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        { Set-AmiDeprecation -ImageId ami-0123456789abcdef0 -Region $regions[0] -RoleName AmiAdmin -RoleAccountId $accounts[1], $accounts[2] -Clear -ErrorAction Stop } |
            Should -Throw -ErrorId 'OnePlaceNeeded,AmiCmdlets.SetAmiDeprecationCommand'
        Get-LocalAwsCallCount | Should -Be $before
    }

    It 'lets an explicit -RoleArn win over the piped object''s' {
        New-FleetImage 'web'
        $image = Get-Ami -RoleArn $fleet[1] -Region us-east-1 -Name 'web-*'
        # The image lives in B; through C's role it is not there to deprecate.
        $image | Set-AmiDeprecation -InDays 30 -RoleArn $fleet[2] -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'AmiNotFound,*'
        (Get-OwnAmi B us-east-1 'web').DeprecationTime | Should -BeNullOrEmpty
    }
}

Describe 'A fleet through profiles and the session context' {
    BeforeAll {
        $script:profileDir = Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-fleet-' + [guid]::NewGuid())
        New-Item -ItemType Directory $profileDir | Out-Null
        $b = Get-LocalAwsAccount B; $c = Get-LocalAwsAccount C
        Set-Content (Join-Path $profileDir 'credentials') @"
[team-b]
aws_access_key_id = $($b.AccessKey)
aws_secret_access_key = $($b.SecretKey)
[team-c]
aws_access_key_id = $($c.AccessKey)
aws_secret_access_key = $($c.SecretKey)
"@
        Set-Content (Join-Path $profileDir 'config') "[profile team-b]`nregion = us-east-1`n[profile team-c]`nregion = us-east-1`n"
        $script:savedFiles = $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $profileDir 'credentials'
        $env:AWS_CONFIG_FILE = Join-Path $profileDir 'config'
    }
    AfterAll {
        $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE = $savedFiles
        Remove-Item -Recurse -Force $profileDir -ErrorAction Ignore
    }
    BeforeEach { Reset-LocalAws; Clear-AmiContext }

    It 'runs the same fleet through two profiles, and piping acts through each object''s profile' {
        New-FleetImage 'web'
        # The AWS SDK reads where the shared files are once per process: a fresh pwsh sees these.
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
`$found = @(Get-Ami -ProfileName team-b, team-c -Region us-east-1, eu-west-1 -Name 'web-*')
foreach (`$image in `$found) { 'FOUND=' + `$image.ProfileName + '/' + `$image.AccountId + '/' + `$image.Region }
`$found | Set-AmiDeprecation -InDays 30 -Confirm:`$false
"@
        $rows = [regex]::Matches($run.Output, 'FOUND=(\S+)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object
        $rows | Should -Be (@('team-b', 'team-c') | ForEach-Object { $p = $_; $account = if ($p -eq 'team-b') { $accounts[1] } else { $accounts[2] }; $regions | ForEach-Object { "$p/$account/$_" } } | Sort-Object) -Because $run.Output
        foreach ($name in 'B', 'C') { foreach ($region in $regions) { (Get-OwnAmi $name $region 'web').DeprecationTime | Should -Not -BeNullOrEmpty } }
        (Get-OwnAmi Default us-east-1 'web').DeprecationTime | Should -BeNullOrEmpty
    }

    It 'stores a default fleet with Set-AmiContext' {
        New-FleetImage 'web'
        Set-AmiContext -RoleArn $fleet[1], $fleet[2] -Region $regions
        @(Get-Ami -Name 'web-*').Count | Should -Be 4
        (Get-AmiContext).AccountId | Sort-Object | Should -Be ($accounts[1], $accounts[2] | Sort-Object)
    }

    It 'refuses several profiles with roles (FleetAmbiguous) and other contradictions before any call' {
        $before = Get-LocalAwsCallCount
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
try { Get-Ami -ProfileName team-b, team-c -RoleArn '$($fleet[0])' -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId }
"@
        $run.Output | Should -Match 'ID=FleetAmbiguous,AmiCmdlets.GetAmiCommand'
        { Get-Ami -RoleName AmiAdmin -ErrorAction Stop } | Should -Throw -ErrorId 'RoleNameWithoutAccount,AmiCmdlets.GetAmiCommand'
        { Get-Ami -RoleArn 'arn:aws-cn:iam::111122223333:role/AmiAdmin' -Region us-east-1 -ErrorAction Stop } | Should -Throw -ErrorId 'RolePartitionMismatch,AmiCmdlets.GetAmiCommand'
        Get-LocalAwsCallCount | Should -Be $before
    }
}
