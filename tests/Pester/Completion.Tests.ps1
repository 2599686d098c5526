# Tab completion as a user meets it at the prompt, through TabExpansion2: which values are offered and what
# each completion costs in AWS calls (regions: none; images and key aliases: one a minute, then the cache).
BeforeDiscovery {
    Import-Module $env:AMICMDLETS_MODULE
    $script:imageIdCommands = @(Get-Command -Module AmiCmdlets | Where-Object { $_.Parameters.ContainsKey('ImageId') } | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    Reset-LocalAws
    $script:east = Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(
            @{ name = 'web-2026-11-01'; creationDate = '2026-11-01T08:00:00Z' }
            @{ name = 'web-2026-11-08'; creationDate = '2026-11-08T08:00:00Z' }
            @{ name = 'db-2026-11-01'; creationDate = '2026-11-01T09:00:00Z'; state = 'pending' }
        ) }
    Add-LocalAwsSeed @{ region = 'eu-west-2'; keys = @(@{ alias = 'golden' }, @{ alias = 'backup' }) } | Out-Null

    # What the prompt offers for the line typed so far, the cursor at its end.
    function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
}

Describe 'Region completion' {
    It 'offers the known regions for -Region and -DestinationRegion without calling AWS' {
        $before = Get-LocalAwsCallCount
        (Complete 'Get-Ami -Region eu-west-').CompletionText | Should -Be @('eu-west-1', 'eu-west-2', 'eu-west-3')
        $offered = (Complete 'Copy-AmiToRegion -DestinationRegion ap-southeast').CompletionText
        $offered | Should -Contain 'ap-southeast-2'
        $offered | Where-Object { $_ -notlike 'ap-southeast-*' } | Should -BeNullOrEmpty
        Get-LocalAwsCallCount | Should -Be $before
    }
}

Describe 'ImageId completion' {
    It 'lists your images in the region on the line, newest first, with one DescribeImages' {
        $before = Get-LocalAwsCallCount -Action DescribeImages
        $offered = Complete 'Remove-AmiWithSnapshots -Region us-east-1 -ImageId '
        $offered.CompletionText | Should -Be @($east.imageIds[1], $east.imageIds[2], $east.imageIds[0])
        $offered[1].ToolTip | Should -Be 'db-2026-11-01 | pending | created 2026-11-01 09:00 UTC'
        $offered[0].ResultType | Should -Be 'ParameterValue'
        (Get-LocalAwsCallCount -Action DescribeImages) - $before | Should -Be 1
    }

    It 'answers a second completion within the minute from the cache, matching names too' {
        $before = Get-LocalAwsCallCount
        # The region now comes from AWS_REGION: the same region, identity and endpoint as above.
        (Complete 'Get-Ami -ImageId web').CompletionText | Should -Be @($east.imageIds[1], $east.imageIds[0])
        (Complete "Wait-Ami -ImageId $($east.imageIds[2].Substring(0, 9))").CompletionText | Should -Contain $east.imageIds[2]
        Get-LocalAwsCallCount | Should -Be $before
    }

    It 'offers nothing, within the two-second limit, when the region answers too slowly' {
        # The region does not answer at all until the fault is cleared: only the limit can end the completion.
        Set-LocalAwsFault @{ holdAfter = @{ DescribeImages = 0 } }
        try {
            $before = Get-LocalAwsCallCount DescribeImages
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Complete 'Get-Ami -Region eu-west-1 -ImageId ' | Should -BeNullOrEmpty
            # The call is held until the fault is cleared: only the limit ends it. A loose bound, for busy machines.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
            Get-LocalAwsCallCount DescribeImages | Should -Be ($before + 1)
        }
        finally { Set-LocalAwsFault @{} }
    }

    It 'offers nothing, without an error, when the profile on the line does not exist' {
        $before = Get-LocalAwsCallCount
        Complete 'Get-Ami -ProfileName no-such-profile -ImageId ' | Should -BeNullOrEmpty
        Get-LocalAwsCallCount | Should -Be $before
    }
}

Describe 'KmsKeyId completion' {
    It 'lists the key aliases of the destination region with one ListAliases, then from the cache' {
        $before = Get-LocalAwsCallCount -Action ListAliases
        $line = "Copy-AmiToRegion -ImageId $($east.imageIds[0]) -Region us-east-1 -DestinationRegion eu-west-2 -Encrypted -KmsKeyId "
        (Complete $line).CompletionText | Should -Be @('alias/backup', 'alias/golden')
        (Complete ($line + 'gol')).CompletionText | Should -Be 'alias/golden'
        (Get-LocalAwsCallCount -Action ListAliases) - $before | Should -Be 1
        (Get-LocalAwsCall -Action ListAliases).region | Should -Be 'eu-west-2'
    }
}

Describe '<Name> completes -ImageId' -ForEach $imageIdCommands {
    It 'has the image id completer on -ImageId' {
        $completer = (Get-Command $Name).Parameters['ImageId'].Attributes | Where-Object { $_ -is [ArgumentCompleter] }
        $completer.Type.Name | Should -Be 'ImageIdCompleter'
    }
}
