# -SnapshotPricePerGiBMonth is a decimal: an extreme or just-too-large value must fail at binding with a
# message that names the valid range, before any call (with integer bounds PowerShell first converted the
# decimal to Int32: 100.4 passed as 100, and [decimal]::MaxValue failed with a type-mismatch message).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
}
AfterAll { Clear-AmiContext }

Describe '-SnapshotPricePerGiBMonth range' {
    BeforeEach { Reset-LocalAws }

    It '<Command> refuses <Price> with the valid range and makes no call' -ForEach @(
        @{ Command = 'Find-StaleAmi'; Price = [decimal]::MaxValue }
        @{ Command = 'Find-StaleAmi'; Price = [decimal]100.4 }
        @{ Command = 'Find-OrphanedAmiSnapshot'; Price = [decimal]::MaxValue }
        @{ Command = 'Find-OrphanedAmiSnapshot'; Price = [decimal]100.4 }
    ) {
        $noun = $Command -replace '-', ''
        $thrown = { & $Command -SnapshotPricePerGiBMonth $Price } | Should -Throw -ErrorId "ParameterArgumentValidationError,AmiCmdlets.$($noun)Command" -PassThru
        $thrown.Exception.Message | Should -Match 'maximum allowed range of 100'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It '<Command> takes a price with cents' -ForEach @(@{ Command = 'Find-StaleAmi' }, @{ Command = 'Find-OrphanedAmiSnapshot' }) {
        { & $Command -SnapshotPricePerGiBMonth 0.023 } | Should -Not -Throw
    }
}
