# Who still uses an image, as a user runs it against LocalAws: Get-AmiUsage (own account live, other
# accounts from image usage reports), Find-StaleAmi -NotLaunchedForDays / -CheckOtherAccounts,
# Remove-AmiWithSnapshots refusing an image another account uses, and Find-InstanceOnOutdatedAmi.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    # Usage reports are ready at once in LocalAws: short polls keep the waits short.
    Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 1

    $script:Now = [DateTime]::UtcNow
    $script:B = (Get-LocalAwsAccount B).Id

    # An image 100 days old, shared with account B, which runs one instance of it.
    function New-SharedImageUsedByB([string] $Name = 'web-2026-01-01') {
        $image = (Add-LocalAwsSeed @{ images = @(@{ name = $Name; creationDate = $script:Now.AddDays(-100).ToString('o'); launchPermissions = @($script:B) }) }).imageIds[0]
        Add-LocalAwsSeed @{ account = $script:B; instances = @(@{ imageId = $image }) } | Out-Null
        $image
    }
}

AfterAll { Clear-AmiContext }

Describe 'Get-AmiUsage' {
    BeforeEach { Reset-LocalAws }

    It 'names the other account with its count, and reuses the report the next time' {
        $image = New-SharedImageUsedByB
        $rows = @(Get-AmiUsage -ImageId $image)
        $row = $rows | Where-Object UsedByAccountId -eq $script:B
        $row.ResourceType | Should -Be 'ec2:Instance'
        $row.Count | Should -Be 1
        $row.ReportId | Should -Match '^amiur-'
        $row.PSObject.TypeNames[0] | Should -Be 'AmiCmdlets.AmiUsage'

        Get-AmiUsage -ImageId $image | Out-Null
        Get-LocalAwsCallCount CreateImageUsageReport | Should -Be 1
        Get-AmiUsage -ImageId $image -Refresh | Out-Null
        Get-LocalAwsCallCount CreateImageUsageReport | Should -Be 2
    }

    It 'turns a failed report into one AmiUsageReportFailed error, never an unused row' {
        $image = New-SharedImageUsedByB
        Set-LocalAwsSetting @{ failNextUsageReports = 1 }
        $rows = @(Get-AmiUsage -ImageId $image -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiUsageReportFailed,AmiCmdlets.GetAmiUsageCommand'
        $failed[0].TargetObject | Should -Be $image
        @($rows | Where-Object Count -eq 0).Count | Should -Be 0
    }

    It 'turns a report still pending at -TimeoutSec into AmiUsageReportTimeout' {
        $image = New-SharedImageUsedByB
        Set-LocalAwsSetting @{ usageReportSeconds = @{ '*' = 3600 } }
        Get-AmiUsage -ImageId $image -TimeoutSec 1 -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiUsageReportTimeout,AmiCmdlets.GetAmiUsageCommand'
    }
}

Describe 'Find-StaleAmi with launches and other accounts' {
    BeforeEach { Reset-LocalAws }

    It 'does not propose an old image launched yesterday with -NotLaunchedForDays 30' {
        Add-LocalAwsSeed @{ images = @(
                @{ name = 'api-2026-01-01'; creationDate = $script:Now.AddDays(-200).ToString('o'); lastLaunchedTime = $script:Now.AddDays(-1).ToString('o') }
                @{ name = 'api-2026-02-01'; creationDate = $script:Now.AddDays(-170).ToString('o') }
            ) } | Out-Null
        $found = @(Find-StaleAmi -KeepLatest 0 -NotLaunchedForDays 30 -InformationAction Ignore)
        $found.Name | Should -Be @('api-2026-02-01')
        $found[0].Reason | Should -Match 'never launched'
    }

    It 'does not propose an image another account uses with -CheckOtherAccounts, and names the account with -IncludeInUse' {
        $image = New-SharedImageUsedByB
        @(Find-StaleAmi -KeepLatest 0 -CheckOtherAccounts -InformationAction Ignore).Count | Should -Be 0
        $marked = Find-StaleAmi -KeepLatest 0 -CheckOtherAccounts -IncludeInUse -InformationAction Ignore
        $marked.ImageId | Should -Be $image
        "$($marked.InUseBy)" | Should -Match "account $($script:B) \(1 instance\)"
    }
}

Describe 'Remove-AmiWithSnapshots and other accounts' {
    BeforeEach { Reset-LocalAws }

    It 'refuses an image another account uses (AmiInUseByOtherAccount) with no change, and -Force removes it' {
        $image = New-SharedImageUsedByB
        Get-AmiUsage -ImageId $image | Out-Null
        $before = Get-LocalAwsCallCount -Mutating
        $result = Remove-AmiWithSnapshots -ImageId $image -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiInUseByOtherAccount,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        $refused[0].Exception.Message | Should -Match "account $($script:B) \(1 instance\)"
        Get-LocalAwsCallCount -Mutating | Should -Be $before

        $removed = Remove-AmiWithSnapshots -ImageId $image -Force -Confirm:$false -WarningVariable warned 3>$null
        $removed.Deregistered | Should -BeTrue
        "$warned" | Should -Match $script:B
    }

    It 'makes the report first with -CheckOtherAccounts' {
        $image = New-SharedImageUsedByB
        Remove-AmiWithSnapshots -ImageId $image -CheckOtherAccounts -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -Be 'AmiInUseByOtherAccount,AmiCmdlets.RemoveAmiWithSnapshotsCommand'
        Get-LocalAwsCallCount DeregisterImage | Should -Be 0
    }

    It 'says once that other accounts were not checked when no report exists' {
        $ids = (Add-LocalAwsSeed @{ images = @(@{ name = 'one' }, @{ name = 'two' }) }).imageIds
        $removed = $ids | Remove-AmiWithSnapshots -Confirm:$false -WarningVariable warned 3>$null
        @($removed).Count | Should -Be 2
        @($warned | Where-Object { "$_" -match 'Other accounts were not checked' }).Count | Should -Be 1
    }
}

Describe 'Find-InstanceOnOutdatedAmi' {
    BeforeEach { Reset-LocalAws }

    It 'lists an instance whose image was deprecated, then deregistered, with the image name' {
        $image = (Add-LocalAwsSeed @{ images = @(@{ name = 'base-2026-01'; deprecationTime = $script:Now.AddDays(-1).ToString('o') }) }).imageIds[0]
        $instance = (Add-LocalAwsSeed @{ instances = @(@{ imageId = $image }) }).instanceIds[0]
        $found = Find-InstanceOnOutdatedAmi
        $found.InstanceId | Should -Be $instance
        $found.Reasons | Should -Be @('Deprecated')
        Remove-AmiWithSnapshots -ImageId $image -Force -Confirm:$false 3>$null | Out-Null
        $gone = Find-InstanceOnOutdatedAmi
        $gone.Reasons | Should -Be @('Deregistered', 'Deprecated')
        $gone.ImageName | Should -Be 'base-2026-01'
        $gone.ImageState | Should -Be 'deregistered'
    }
}
