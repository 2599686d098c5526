# New-GoldenAmi and Wait-Ami as a user runs them against LocalAws.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    # Poll fast: LocalAws images are pending for a second, not minutes.
    Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5

    function New-TestInstance([string] $Region = 'us-east-1', [string] $State = 'running') {
        (Add-LocalAwsSeed @{ region = $Region; instances = @(@{ state = $State; tags = @{ Name = 'frontend'; Team = 'web' }
                    volumes = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) }) }).instanceIds[0]
    }
}

AfterAll { Clear-AmiContext }

Describe 'New-GoldenAmi' {
    BeforeEach {
        Reset-LocalAws
        Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 1 } }
    }

    It 'returns an available, tagged AMI with -Wait' {
        $instance = New-TestInstance
        $ami = New-GoldenAmi -InstanceId $instance -Name 'web-{date}' -Tag @{ Stage = 'golden' } -CopyInstanceTags -Wait
        $ami.GetType().FullName | Should -Be 'AmiCmdlets.Ami'
        $ami.State | Should -Be 'available'
        $ami.Name | Should -Be ('web-' + [DateTime]::UtcNow.ToString('yyyy-MM-dd'))
        $ami.Tags['Stage'] | Should -Be 'golden'
        $ami.Tags['Team'] | Should -Be 'web'
        $ami.SnapshotIds.Count | Should -Be 2
    }

    It 'returns the pending image at once without -Wait, in at most 3 calls' {
        $instance = New-TestInstance
        Reset-LocalAws
        $instance = New-TestInstance
        $ami = New-GoldenAmi -InstanceId $instance -Name 'web-{timestamp}'
        $ami.State | Should -Be 'pending'
        Get-LocalAwsCallCount | Should -BeLessOrEqual 3
    }

    It 'binds InstanceId from piped instance objects' {
        $instance = New-TestInstance
        $ami = [pscustomobject]@{ InstanceId = $instance } | New-GoldenAmi -Name 'piped-{instance}'
        $ami.Name | Should -Be "piped-$instance"
    }

    It 'makes no change with -WhatIf' {
        $instance = New-TestInstance
        New-GoldenAmi -InstanceId $instance -Name 'web-whatif' -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'refuses a bad name template before any call' {
        { New-GoldenAmi -InstanceId 'i-0123456789abcdef0' -Name 'web-{version}' } | Should -Throw -ErrorId 'InvalidNameTemplate,AmiCmdlets.NewGoldenAmiCommand'
        { New-GoldenAmi -InstanceId 'i-0123456789abcdef0' -Name 'web:1' } | Should -Throw -ErrorId 'InvalidAmiName,AmiCmdlets.NewGoldenAmiCommand'
        { New-GoldenAmi -InstanceId 'vm-1' -Name 'web-1' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.NewGoldenAmiCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'reports InstanceNotFound, InstanceNotReady and AmiNameInUse by id' {
        New-GoldenAmi -InstanceId 'i-0123456789abcdef0' -Name 'web-1' -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'InstanceNotFound,AmiCmdlets.NewGoldenAmiCommand'
        $terminated = New-TestInstance -State terminated
        New-GoldenAmi -InstanceId $terminated -Name 'web-1' -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'InstanceNotReady,AmiCmdlets.NewGoldenAmiCommand'
        $instance = New-TestInstance
        $first = New-GoldenAmi -InstanceId $instance -Name 'web-same'
        New-GoldenAmi -InstanceId $instance -Name 'web-same' -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -Be 'AmiNameInUse,AmiCmdlets.NewGoldenAmiCommand'
        $e3[0].Exception.Message | Should -Match $first.ImageId
    }

    It 'fails with AmiCreationFailed, and cleans up with -CleanupOnFailure' {
        $instance = New-TestInstance
        Set-LocalAwsFault @{ failNextImages = @{ 'us-east-1' = 1 } }
        { New-GoldenAmi -InstanceId $instance -Name 'web-fails' -Wait -CleanupOnFailure } | Should -Throw -ErrorId 'AmiCreationFailed,AmiCmdlets.NewGoldenAmiCommand'
        Get-LocalAwsCallCount -Action DeregisterImage | Should -Be 1
        Get-Ami -Name 'web-fails' -IncludeDisabled | Should -BeNullOrEmpty
        Set-LocalAwsFault @{ failNextImages = @{ 'us-east-1' = 1 } }
        { New-GoldenAmi -InstanceId $instance -Name 'web-fails-2' -Wait } | Should -Throw -ErrorId 'AmiCreationFailed,AmiCmdlets.NewGoldenAmiCommand'
        (Get-Ami -Name 'web-fails-2').State | Should -Be 'failed'
        Set-LocalAwsFault @{}
    }

    It 'times out with AmiWaitTimeout saying how to resume' {
        Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 60 } }
        $instance = New-TestInstance
        $thrown = $null
        try { New-GoldenAmi -InstanceId $instance -Name 'web-slow' -Wait -TimeoutSec 1 } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'AmiWaitTimeout,AmiCmdlets.NewGoldenAmiCommand'
        $thrown.Exception.Message | Should -Match 'keeps building.*Wait-Ami -ImageId ami-'
    }

    It 'applies -DeprecateAt and -EnableDeregistrationProtection once the image exists' {
        $instance = New-TestInstance
        $at = [DateTime]::UtcNow.AddDays(30)
        $ami = New-GoldenAmi -InstanceId $instance -Name 'web-retire' -DeprecateAt $at -EnableDeregistrationProtection -Wait
        $ami.DeprecationTime | Should -Not -BeNullOrEmpty
        [Math]::Abs(($ami.DeprecationTime - $at).TotalMinutes) | Should -BeLessOrEqual 1
        $ami.DeregistrationProtection | Should -BeTrue
    }
}

Describe 'Wait-Ami' {
    BeforeEach {
        Reset-LocalAws
        Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 1 } }
    }

    It 'waits for piped images from two regions together' {
        $east = New-GoldenAmi -InstanceId (New-TestInstance us-east-1) -Name 'multi-east' -Region us-east-1
        $west = New-GoldenAmi -InstanceId (New-TestInstance eu-west-1) -Name 'multi-west' -Region eu-west-1
        $done = $east, $west | Wait-Ami
        ($done.Region | Sort-Object) | Should -Be @('eu-west-1', 'us-east-1')
        $done.State | Should -Be @('available', 'available')
    }
}
