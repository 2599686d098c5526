# What reaches a cmdlet through the pipeline: plain id strings (as AWS.Tools users pipe them by habit) and
# typed objects, whose ImageId and Region bind by property name so each acts in the region it lives in.
BeforeDiscovery {
    Import-Module $env:AMICMDLETS_MODULE
    # Every parameter named after a resource id, on every cmdlet that has one.
    $script:idParameters = @(foreach ($command in Get-Command -Module AmiCmdlets -CommandType Cmdlet) {
            foreach ($name in 'ImageId', 'InstanceId', 'SnapshotId') {
                if ($command.Parameters.ContainsKey($name)) { @{ Cmdlet = $command.Name; Parameter = $name } }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default -Region us-east-1
    Clear-AmiContext
}

AfterAll { Clear-AmiContext }

Describe '-<Parameter> of <Cmdlet>' -ForEach $idParameters {
    It 'takes plain id strings from the pipeline and still binds by property name' {
        $attributes = @((Get-Command $Cmdlet).Parameters[$Parameter].Attributes | Where-Object { $_ -is [Parameter] })
        $attributes | Should -Not -BeNullOrEmpty
        foreach ($attribute in $attributes) {
            $attribute.ValueFromPipeline | Should -BeTrue -Because "'<id>' | $Cmdlet is how AWS.Tools users pipe ids"
            $attribute.ValueFromPipelineByPropertyName | Should -BeTrue -Because 'typed objects bind their own property'
        }
    }
}

Describe 'Piping ids and images' {
    BeforeAll {
        Reset-LocalAws
        $script:west = Add-LocalAwsSeed @{ region = 'eu-west-1'; images = @(@{ name = 'pipe-west-1' }, @{ name = 'pipe-west-2' }) }
        $script:east = Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(@{ name = 'pipe-east-1' }) }
    }

    It "'ami-...' | Get-Ami finds the image" {
        $found = $east.imageIds[0] | Get-Ami
        $found.ImageId | Should -Be $east.imageIds[0]
        $found.Name | Should -Be 'pipe-east-1'
    }

    It "'ami-1','ami-2' | Get-Ami -Region eu-west-1 finds both" {
        $found = $west.imageIds | Get-Ami -Region eu-west-1
        ($found.ImageId | Sort-Object) | Should -Be ($west.imageIds | Sort-Object)
    }

    It 'a piped Ami binds ImageId and Region from its properties (its region is not the default)' {
        $image = Get-Ami -Name 'pipe-west-1' -Region eu-west-1
        ($image | Get-Ami).Region | Should -Be 'eu-west-1'
        ($image | Get-AmiLaunchPermission -ErrorAction Stop) | Should -BeNullOrEmpty
        ($image | Wait-Ami -TimeoutSec 30).ImageId | Should -Be $image.ImageId
    }

    It 'binds ImageId by property name, never from the object''s ToString' {
        $object = [pscustomobject]@{ ImageId = $west.imageIds[0]; Region = 'eu-west-1' }
        $object | Add-Member -MemberType ScriptMethod -Name ToString -Value { 'not-an-image-id' } -Force
        ($object | Get-Ami).ImageId | Should -Be $west.imageIds[0]
        ($object | Wait-Ami -TimeoutSec 30).Region | Should -Be 'eu-west-1'
    }

    It "'ami-1','ami-2' | Remove-AmiWithSnapshots -Region eu-west-1 -WhatIf previews both and changes nothing" {
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
'$($west.imageIds[0])', '$($west.imageIds[1])' | Remove-AmiWithSnapshots -Region eu-west-1 -WhatIf
"@
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Not -Match 'InputObjectNotBound'
        $run.Output | Should -Match ([regex]::Escape($west.imageIds[0]))
        $run.Output | Should -Match ([regex]::Escape($west.imageIds[1]))
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'a plain instance id pipes into New-GoldenAmi and a plain snapshot id into Remove-OrphanedAmiSnapshot' {
        $instance = (Add-LocalAwsSeed @{ region = 'us-east-1'; instances = @(@{ state = 'running' }) }).instanceIds[0]
        $instance | New-GoldenAmi -Name 'pipe-golden' -WhatIf -ErrorAction Stop
        'snap-0123456789abcdef0' | Remove-OrphanedAmiSnapshot -WhatIf -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.FullyQualifiedErrorId | Should -Be 'SnapshotNotOrphaned,AmiCmdlets.RemoveOrphanedAmiSnapshotCommand'
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}
