# Tests the runbook offline against LocalAws: no AWS account, no mocks, the real AWS SDK over HTTP.
BeforeAll {
    Import-Module AmiCmdlets, AmiCmdlets.LocalAws
    Start-LocalAws -SetEnvironment    # the 'localaws' tool on a free 127.0.0.1 port; AWS_* point at it
    $runbook = Join-Path $PSScriptRoot 'Remove-OldWebAmi.ps1'
}

AfterAll { Stop-LocalAws }

Describe 'Remove-OldWebAmi' {
    BeforeEach {
        Reset-LocalAws
        $images = foreach ($age in 200, 150, 100, 60, 10) {
            $created = (Get-Date).AddDays(-$age)
            Add-LocalAwsImage -Name "web-$($created.ToString('yyyy.MM.dd'))" -CreationDate $created
        }
        # The oldest image still runs an instance: it must stay.
        Add-LocalAwsInstance -ImageId $images[0].ImageId
    }

    It 'removes the old images nothing uses, with their snapshots' {
        & $runbook

        Get-LocalAwsCallCount -Action DeregisterImage | Should -Be 2
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 2
        $left = Get-Ami -Name 'web-*' | Where-Object State -EQ available
        $left.ImageId | Sort-Object | Should -Be ($images[0, 3, 4].ImageId | Sort-Object)
    }

    It 'changes nothing with -WhatIf' {
        & $runbook -WhatIf

        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}
