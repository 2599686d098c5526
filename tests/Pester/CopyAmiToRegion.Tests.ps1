# Copy-AmiToRegion as a user runs it: piped images, -WhatIf, argument checks before any call.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5
}

AfterAll { Clear-AmiContext }

Describe 'Copy-AmiToRegion' {
    BeforeEach {
        Reset-LocalAws
        Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 0.5 } }
        $script:source = (Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(@{ name = 'web-golden-7'; tags = @{ Team = 'web' } }) }).imageIds[0]
    }

    It 'copies piped images to several regions and waits for them' {
        $copies = Get-Ami -ImageId $source | Copy-AmiToRegion -DestinationRegion eu-west-1, ap-southeast-2 -Tag @{ Stage = 'released' } -Wait
        ($copies.Region | Sort-Object) | Should -Be @('ap-southeast-2', 'eu-west-1')
        $copies | ForEach-Object {
            $_.State | Should -Be 'available'
            $_.SourceImageId | Should -Be $source
            $_.SourceRegion | Should -Be 'us-east-1'
            $_.Name | Should -Be 'web-golden-7'
            $_.Tags['Team'] | Should -Be 'web'
            $_.Tags['Stage'] | Should -Be 'released'
        }
    }

    It 'makes no change with -WhatIf' {
        Get-Ami -ImageId $source | Copy-AmiToRegion -DestinationRegion eu-west-1, eu-west-2 -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'returns the existing copy on a re-run instead of copying again' {
        $first = Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1
        $second = Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1
        $second.ImageId | Should -Be $first.ImageId
        Get-LocalAwsCallCount -Action CopyImage | Should -Be 1
    }

    It 'checks -KmsKeyId and names before any call' {
        { Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1 -KmsKeyId 'golden' } |
            Should -Throw -ErrorId 'InvalidKmsKeyId,AmiCmdlets.CopyAmiToRegionCommand'
        { Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1, eu-west-2 -KmsKeyId @{ 'eu-west-1' = 'alias/golden' } } |
            Should -Throw -ErrorId 'InvalidKmsKeyId,AmiCmdlets.CopyAmiToRegionCommand' -ExpectedMessage '*eu-west-2*'
        { Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion 'Ireland' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.CopyAmiToRegionCommand'
        { Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1 -Name 'bad:name' } |
            Should -Throw -ErrorId 'InvalidAmiName,AmiCmdlets.CopyAmiToRegionCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'reports a bad key in one region as AmiCopyFailed and still copies to the others' {
        $copies = Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1, eu-west-2 -KmsKeyId @{ 'eu-west-1' = 'alias/aws/ebs'; 'eu-west-2' = 'alias/missing' } -ErrorVariable failures -ErrorAction SilentlyContinue
        $copies.Region | Should -Be 'eu-west-1'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'AmiCopyFailed,AmiCmdlets.CopyAmiToRegionCommand'
        $failures[0].TargetObject | Should -Be 'eu-west-2'
        $failures[0].Exception.Message | Should -Match 'alias/missing'
    }

    It 'refuses to return an unencrypted earlier copy when a key is asked for, and copies nothing' {
        $plain = Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1 -Wait
        $again = Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion eu-west-1 -Encrypted -ErrorVariable failures -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'AmiCopyEncryptionMismatch,AmiCmdlets.CopyAmiToRegionCommand'
        $failures[0].TargetObject | Should -Be 'eu-west-1'
        $failures[0].Exception.Message | Should -BeLike "*Remove-AmiWithSnapshots -ImageId $($plain.ImageId) -Region eu-west-1*"
        Get-LocalAwsCallCount -Action CopyImage | Should -Be 1
    }

    It 'refuses a copy into the source region under the source name before any change' {
        Copy-AmiToRegion -ImageId $source -Region us-east-1 -DestinationRegion us-east-1 -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'AmiNameInUse,AmiCmdlets.CopyAmiToRegionCommand'
        $failures[0].Exception.Message | Should -BeLike '*-Name*'
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}
