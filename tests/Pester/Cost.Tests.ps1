# Get-AmiCost, the archive (Disable-Ami -ArchiveSnapshots, Enable-Ami -RestoreSnapshots) and the Recycle Bin
# (Remove-AmiWithSnapshots' Undo, Get-Ami -InRecycleBin, Restore-Ami) as a user sees them.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    $script:GiB = 1024L * 1024 * 1024
    $script:old = [DateTime]::UtcNow.AddDays(-200).ToString('o')

    # web-1: 40 GiB reported, standard: 2.00; web-2: 50 GiB archived: 0.625; api-1: 8 + 30 GiB volumes, no size reported: ~1.90.
    function Add-PricedImages([object[]] $RetentionRules = @()) {
        Add-LocalAwsSeed @{ region = 'us-east-1'; retentionRules = $RetentionRules; images = @(
                @{ name = 'web-1'; creationDate = $old; tags = @{ App = 'shop' }; blockDevices = @(@{ sizeGiB = 100; fullSnapshotSizeInBytes = 40 * $GiB }) }
                @{ name = 'web-2'; creationDate = $old; tags = @{ App = 'shop' }; blockDevices = @(@{ sizeGiB = 50; storageTier = 'archive' }) }
                @{ name = 'api-1'; creationDate = $old; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 30 }) }
            ) }
    }
}
AfterAll { Clear-AmiContext }

Describe 'Get-AmiCost' {
    BeforeEach { Reset-LocalAws; Add-PricedImages | Out-Null }

    It 'prices each image by tier and full size, flagging volume sizes as estimates' {
        $costs = @{}
        Get-AmiCost | ForEach-Object { $costs[$_.Name] = $_ }
        $costs['web-1'].MonthlyCost | Should -Be 2.00
        $costs['web-1'].IsEstimate | Should -BeFalse
        $costs['web-2'].MonthlyCost | Should -Be 0.63
        $costs['web-2'].StorageTier | Should -Be 'archive'
        $costs['api-1'].MonthlyCost | Should -Be 1.90
        $costs['api-1'].IsEstimate | Should -BeTrue
        ($costs['api-1'] | Out-String -Width 80) | Should -Match '~1\.90'
    }

    It 'groups by <GroupBy> with exact totals' -ForEach @(
        @{ GroupBy = 'Family'; Expected = @{ web = 2.63; api = 1.90 } }
        @{ GroupBy = 'Region'; Expected = @{ 'us-east-1' = 4.53 } }
        @{ GroupBy = 'Tag:App'; Expected = @{ shop = 2.63; '(none)' = 1.90 } }
    ) {
        $groups = @(Get-AmiCost -GroupBy $GroupBy)
        $groups.Count | Should -Be $Expected.Count
        foreach ($group in $groups) {
            $group | Should -BeOfType ([AmiCmdlets.AmiCostGroup])
            $group.MonthlyCost | Should -Be $Expected[$group.Group]
        }
    }

    It 'agrees with the summary of Find-StaleAmi for the same images' {
        $stale = Find-StaleAmi -KeepLatest 0 6>&1
        $summary = ($stale | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).MessageData.ToString()
        $total = ($stale | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] } | Get-AmiCost -GroupBy Account).MonthlyCost
        $total | Should -Be 4.53
        $summary | Should -Match ([regex]::Escape("about `$4.53 a month"))
    }

    It 'takes prices per tier and region, and refuses an unknown key before any call' {
        (Get-AmiCost -GroupBy Region -PriceTable @{ archive = 0.01; standard = 0.1 }).MonthlyCost | Should -Be 8.30
        { Get-AmiCost -PriceTable @{ glacier = 0.004 } } | Should -Throw -ErrorId 'InvalidPriceTable,AmiCmdlets.GetAmiCostCommand'
        Get-LocalAwsCallCount -Action DescribeImages | Should -Be 1  # the first command only
    }
}

Describe 'The snapshot archive' {
    BeforeEach { Reset-LocalAws; $script:seeded = Add-PricedImages }

    It 'Disable-Ami -ArchiveSnapshots -WhatIf states the cost and makes no mutating call' {
        $run = Invoke-FreshPwsh "Import-Module '$env:AMICMDLETS_MODULE'`nGet-Ami -Name api-1 | Disable-Ami -ArchiveSnapshots -WhatIf"
        $run.Output | Should -Match 'about \$1\.90 -> \$0\.48 a month'
        $run.Output | Should -Match 'billed for at least 90 days'
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'archives only the snapshots no other image uses, and Enable-Ami -RestoreSnapshots -Wait brings the image back' {
        $api = Get-Ami -Name api-1
        Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(@{ name = 'api-copy'; snapshotIds = @($api.SnapshotIds[0]) }) } | Out-Null
        $tiers = @($api | Disable-Ami -ArchiveSnapshots -Confirm:$false)
        $tiers.SnapshotId | Should -Be @($api.SnapshotIds[1])
        $tiers[0].StorageTier | Should -Be 'archive'
        (Get-AmiCost -ImageId $api.ImageId).StorageTier | Should -Be 'mixed'

        $back = Get-Ami -ImageId $api.ImageId -IncludeDisabled | Enable-Ami -RestoreSnapshots -TemporaryRestoreDays 3 -Wait -Confirm:$false
        $back | Should -BeOfType ([AmiCmdlets.Ami])
        $back.State | Should -Be 'available'
        (Get-AmiCost -ImageId $api.ImageId).StorageTier | Should -Be 'standard'
    }

    It 'refuses -TemporaryRestoreDays with -Permanent' {
        { Get-Ami -Name api-1 | Enable-Ami -RestoreSnapshots -TemporaryRestoreDays 3 -Permanent } | Should -Throw -ErrorId 'AmbiguousParameterSet,AmiCmdlets.EnableAmiCommand'
    }
}

Describe 'Undo from the Recycle Bin' {
    BeforeEach { Reset-LocalAws }

    It 'with a retention rule, the removal says RecycleBin and Restore-Ami brings the image back' {
        Add-PricedImages @(@{ resourceType = 'EC2_IMAGE' }, @{ resourceType = 'EBS_SNAPSHOT' }) | Out-Null
        $removed = Get-Ami -Name web-1 | Remove-AmiWithSnapshots -Confirm:$false
        $removed.Undo | Should -Be 'RecycleBin'
        $removed.RecycleBinExitTime | Should -BeGreaterThan ([DateTime]::UtcNow.AddDays(6))
        ($removed | Out-String -Width 80) | Should -Match '\bbin\s*$'
        $entry = Get-Ami -InRecycleBin
        $entry.ImageId | Should -Be $removed.ImageId
        $entry.SnapshotIds | Should -Be $removed.DeletedSnapshotIds
        $restored = $entry | Restore-Ami -Confirm:$false
        $restored.State | Should -Be 'available'
        (Get-Ami -Name web-1).ImageId | Should -Be $removed.ImageId
    }

    It 'without one, the removal says Gone and Restore-Ami errors clearly' {
        Add-PricedImages | Out-Null
        $removed = Get-Ami -Name web-1 | Remove-AmiWithSnapshots -Confirm:$false
        $removed.Undo | Should -Be 'Gone'
        @(Get-Ami -InRecycleBin) | Should -BeNullOrEmpty
        $thrown = { Restore-Ami -ImageId $removed.ImageId -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmiNotInRecycleBin,AmiCmdlets.RestoreAmiCommand' -PassThru
        $thrown.Exception.Message | Should -Match 'gone for good'
    }
}
