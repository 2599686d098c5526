# Find-BaseAmi and Test-AmiTrust as a user runs them: LocalAws's base images (Canonical's Ubuntu, a community
# look-alike with the same name, Amazon's Windows with Inspector findings), errors by id, the table views.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Reset-LocalAws
}

Describe 'Find-BaseAmi' {
    It 'returns the publisher''s newest image in each region, never the look-alike, with one DescribeImages per region' {
        Reset-LocalAws
        $amis = Find-BaseAmi -OperatingSystem Ubuntu2404 -Region us-east-1, eu-west-1, ap-southeast-2
        $amis | Should -HaveCount 3
        $amis | ForEach-Object { $_.GetType().FullName | Should -Be 'AmiCmdlets.Ami' }
        $amis.OwnerId | Sort-Object -Unique | Should -Be '099720109477'
        $amis.Source | Sort-Object -Unique | Should -Be 'QuickStart'
        Get-LocalAwsCallCount -Action DescribeImages | Should -Be 3
    }

    It 'completes -OperatingSystem from the catalogue' {
        $completion = TabExpansion2 -inputScript 'Find-BaseAmi -OperatingSystem Ubun' -cursorColumn 34
        $completion.CompletionMatches.CompletionText | Should -Contain 'Ubuntu2404'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain 'Debian12'
    }

    It 'refuses an unknown system, a wrong architecture and a foreign parameter before any call' {
        Reset-LocalAws
        { Find-BaseAmi -OperatingSystem Ubuntu2604 } | Should -Throw -ErrorId 'UnknownOperatingSystem,AmiCmdlets.FindBaseAmiCommand'
        { Find-BaseAmi -OperatingSystem WindowsServer2022 -Architecture arm64 } | Should -Throw -ErrorId 'ArchitectureNotOffered,AmiCmdlets.FindBaseAmiCommand'
        { Find-BaseAmi -OperatingSystem Ubuntu2404 -Architecture sparc } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.FindBaseAmiCommand'
        { Find-BaseAmi -PublicParameter '/mine/ami' } | Should -Throw -ErrorId 'InvalidPublicParameter,AmiCmdlets.FindBaseAmiCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'takes the architecture in any case, as its ValidateSet does' {
        $image = Find-BaseAmi -OperatingSystem AmazonLinux2023 -Architecture ARM64
        $image.Architecture | Should -Be 'arm64'
    }

    It 'names the valid systems when the name is unknown' {
        $err = { Find-BaseAmi -OperatingSystem Ubuntu2604 } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'Ubuntu2404'
        $err.Exception.Message | Should -Match 'AmazonLinux2023'
    }
}

Describe 'Test-AmiTrust' {
    It 'fails the community look-alike with its reason and passes the Quick Start image' {
        $lookAlike = Get-Ami -Source Community -Name 'ubuntu/*'
        $lookAlike.OwnerId | Should -Be '210987654321'
        $reports = @($lookAlike; Find-BaseAmi Ubuntu2404) | Test-AmiTrust
        $reports | Should -HaveCount 2
        $community = $reports | Where-Object Source -EQ 'Community'
        $community.Trusted | Should -BeFalse
        $community.Reasons | Should -Match 'community image'
        ($reports | Where-Object Source -EQ 'QuickStart').Trusted | Should -BeTrue
        ($reports | Format-Table | Out-String) | Should -Match 'ImageId\s+Region\s+Source\s+AgeDays\s+Critical\s+Trusted'
    }

    It 'fails an image with critical findings under -MaxCriticalFindings 0, and -Quiet says only $false' {
        $windows = Find-BaseAmi WindowsServer2019
        ($windows | Test-AmiTrust).Trusted | Should -BeTrue
        ($windows | Test-AmiTrust -MaxCriticalFindings 0).CriticalFindings | Should -Be 1
        $windows | Test-AmiTrust -MaxCriticalFindings 0 -Quiet | Should -BeExactly $false
    }
}

Describe 'New-GoldenAmi -RequireTrustedSource' {
    It 'refuses an instance built from the community look-alike before CreateImage' {
        Reset-LocalAws
        $lookAlike = Get-Ami -Source Community -Name 'ubuntu/*'
        $instanceId = (Add-LocalAwsSeed @{ region = 'us-east-1'; instances = @(@{ imageId = $lookAlike.ImageId }) }).instanceIds[0]
        { New-GoldenAmi -InstanceId $instanceId -Name 'web-{date}' -RequireTrustedSource -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmiNotTrusted,AmiCmdlets.NewGoldenAmiCommand'
        Get-LocalAwsCallCount -Action CreateImage | Should -Be 0
    }
}
