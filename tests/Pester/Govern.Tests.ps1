# Governance as a user sees it (issue 18): Allowed AMIs with the what-would-break check, lineage, time-based copies,
# copies into other accounts and tags in consumer accounts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    $script:B = (Get-LocalAwsAccount B).Id
    $script:C = (Get-LocalAwsAccount C).Id
    $script:Community = '210987654321'
}
AfterAll { Clear-AmiContext }

Describe 'Set-AmiAllowedSetting' {
    BeforeEach {
        Reset-LocalAws
        $script:image = (Add-LocalAwsSeed @{ account = $Community; images = @(@{ name = 'community-ubuntu'; public = $true; ownerId = $Community }) }).imageIds[0]
        $script:instance = (Add-LocalAwsSeed @{ instances = @(@{ imageId = $image }) }).instanceIds[0]
    }

    It 'refuses to enable what would block a running instance, naming it, with zero mutating calls' {
        { Set-AmiAllowedSetting -State Enabled -ImageProvider amazon -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'AllowedAmisWouldBlock,AmiCmdlets.SetAmiAllowedSettingCommand' -ExpectedMessage "*$instance*"
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        (Get-AmiAllowedSetting).State | Should -Be 'Disabled'
    }

    It 'lets audit mode through, and then shows the verdict on the image' {
        $setting = Set-AmiAllowedSetting -State AuditMode -ImageProvider amazon -Confirm:$false
        $setting.State | Should -Be 'AuditMode'
        $setting.Criteria[0].ImageProvider | Should -Be @('amazon')
        (Get-AmiAllowedSetting).State | Should -Be 'AuditMode'
        (Get-Ami -ImageId $image).ImageAllowed | Should -BeFalse
    }

    It 'makes no change with -WhatIf' {
        Set-AmiAllowedSetting -State AuditMode -ImageProvider amazon -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'enables with -Force, warning about the instance' {
        $null = Set-AmiAllowedSetting -State Enabled -ImageProvider amazon -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        ($warnings -join "`n") | Should -Match $instance
        (Get-AmiAllowedSetting).State | Should -Be 'Enabled'
    }

    It 'refuses none with other providers before any call' {
        { Set-AmiAllowedSetting -State AuditMode -ImageProvider none, amazon -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidImageCriterion,AmiCmdlets.SetAmiAllowedSettingCommand'
        (Get-LocalAwsCall).Count | Should -Be 0
    }
}

Describe 'Copy-AmiToRegion -CompletionDurationMinutes' {
    BeforeEach { Reset-LocalAws; $script:source = (Add-LocalAwsSeed @{ images = @(@{ name = 'web-golden' }) }).imageIds[0] }

    It 'refuses 20 before any call' {
        { Copy-AmiToRegion -ImageId $source -DestinationRegion eu-west-1 -CompletionDurationMinutes 20 -Confirm:$false } |
            Should -Throw -ErrorId 'InvalidCompletionDuration,AmiCmdlets.CopyAmiToRegionCommand' -ExpectedMessage '*15 or 30*'
        (Get-LocalAwsCall).Count | Should -Be 0
    }

    It 'copies with 60' {
        $copy = Copy-AmiToRegion -ImageId $source -DestinationRegion eu-west-1 -CompletionDurationMinutes 60 -Confirm:$false
        $copy.Region | Should -Be 'eu-west-1'
    }
}

Describe 'Get-AmiAncestry and Find-AmiDescendant' {
    It 'follows a copy of a copy back to the root, and finds both from the root' {
        Reset-LocalAws
        $root = (Add-LocalAwsSeed @{ images = @(@{ name = 'base' }) }).imageIds[0]
        $first = Copy-AmiToRegion -ImageId $root -DestinationRegion eu-west-1 -Name 'base-eu' -Wait -Confirm:$false
        $second = $first | Copy-AmiToRegion -DestinationRegion us-east-1 -Name 'base-back' -Wait -Confirm:$false

        $chain = @($second | Get-AmiAncestry)
        $chain.ImageId | Should -Be @($second.ImageId, $first.ImageId, $root)
        $chain.Region | Should -Be @('us-east-1', 'eu-west-1', 'us-east-1')
        $chain[-1].IsRoot | Should -BeTrue

        $found = @(Find-AmiDescendant -ImageId $root -Region us-east-1, eu-west-1)
        $found.ImageId | Should -Be @($first.ImageId, $second.ImageId)
        $found[0] | Should -BeOfType ([AmiCmdlets.Ami])
    }
}

Describe 'Copy-AmiToAccount' {
    BeforeEach {
        Reset-LocalAws
        $script:source = (Add-LocalAwsSeed @{ images = @(@{ name = 'web-golden'; tags = @{ Team = 'web' } }) }).imageIds[0]
        Add-LocalAwsSeed @{ account = $B; keys = @(@{ alias = 'consumer' }) } | Out-Null
    }

    It 'gives one account its copy and the account without the key one clear error; a re-run makes no duplicate' {
        $copies = @(Get-Ami -ImageId $source | Copy-AmiToAccount -RoleName AmiAdmin -RoleAccountId $B, $C -KmsKeyId alias/consumer -Wait -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue)
        $copies.Count | Should -Be 1
        $copies[0].AccountId | Should -Be $B
        $copies[0].OwnerId | Should -Be $B
        $copies[0].Encrypted | Should -BeTrue
        $copies[0].Tags['Team'] | Should -Be 'web'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiCopyFailed,AmiCmdlets.CopyAmiToAccountCommand'
        $failed[0].Exception.Message | Should -Match $C

        $before = Get-LocalAwsCallCount -Action CopyImage
        $again = @(Copy-AmiToAccount -ImageId $source -RoleName AmiAdmin -RoleAccountId $B -KmsKeyId alias/consumer -Confirm:$false)
        $again.ImageId | Should -Be $copies[0].ImageId
        Get-LocalAwsCallCount -Action CopyImage | Should -Be $before
    }

    It 'makes no change with -WhatIf' {
        Copy-AmiToAccount -ImageId $source -RoleName AmiAdmin -RoleAccountId $B -KmsKeyId alias/consumer -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'needs target accounts' {
        { Copy-AmiToAccount -ImageId $source -Confirm:$false } | Should -Throw -ErrorId 'TargetAccountsNeeded,AmiCmdlets.CopyAmiToAccountCommand'
    }
}

Describe 'Sync-AmiTag' {
    It 'lets the consumer see the tags and leaves the owner''s unchanged' {
        Reset-LocalAws
        $image = (Add-LocalAwsSeed @{ images = @(@{ name = 'web-golden'; tags = @{ Team = 'web'; CostCenter = '42' }; launchPermissions = @($B) }) }).imageIds[0]
        $seen = Get-Ami -ImageId $image | Sync-AmiTag -RoleName AmiAdmin -RoleAccountId $B -Key CostCenter -Confirm:$false
        $seen.AccountId | Should -Be $B
        $seen.Tags['CostCenter'] | Should -Be '42'

        $inB = Get-Ami -ImageId $image -Credential (New-LocalAwsCredential B)
        $inB.Tags.Keys | Should -Be @('CostCenter')
        $own = Get-Ami -ImageId $image
        $own.Tags.Count | Should -Be 2
        $own.Tags['Team'] | Should -Be 'web'
    }

    It 'makes no change with -WhatIf' {
        Reset-LocalAws
        $image = (Add-LocalAwsSeed @{ images = @(@{ name = 'web-golden'; tags = @{ Team = 'web' }; launchPermissions = @($B) }) }).imageIds[0]
        Sync-AmiTag -ImageId $image -RoleName AmiAdmin -RoleAccountId $B -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}
