# Get-Ami as a user runs it: environment credentials pointing at LocalAws, output objects, errors by id.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Reset-LocalAws
    $script:east = Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(
            @{ name = 'web-2026-11-01'; tags = @{ Team = 'web'; Env = 'prod' } }
            @{ name = 'web-2026-11-08'; tags = @{ Team = 'web'; Env = 'dev' } }
            @{ name = 'db-2026-11-01'; tags = @{ Team = 'db' } }
        ) }
    $script:west = Add-LocalAwsSeed @{ region = 'eu-west-1'; images = @(@{ name = 'web-2026-11-01' }) }
}

Describe 'Get-Ami' {
    It 'returns typed AmiCmdlets.Ami objects with the table view' {
        $ami = Get-Ami -Name 'db-*'
        $ami | Should -HaveCount 1
        $ami.GetType().FullName | Should -Be 'AmiCmdlets.Ami'
        $ami.Region | Should -Be 'us-east-1'
        $ami.CreationDate.Kind | Should -Be 'Utc'
        ($ami | Format-Table | Out-String) | Should -Match 'ImageId\s+Name\s+State\s+Region\s+Created'
    }

    It 'matches name wildcards and owner self by default' {
        (Get-Ami -Name 'web-*').Name | Sort-Object | Should -Be @('web-2026-11-01', 'web-2026-11-08')
        Get-Ami -Name 'al2023-*' | Should -BeNullOrEmpty
        (Get-Ami -Name 'al2023-*' -Owner amazon).Count | Should -BeGreaterThan 0
    }

    It 'requires every tag to match' {
        (Get-Ami -Tag @{ Team = 'web'; Env = 'prod' }).Name | Should -Be 'web-2026-11-01'
    }

    It 'queries several regions and says where each image lives' {
        $amis = Get-Ami -Name 'web-2026-11-01' -Region us-east-1, eu-west-1
        ($amis.Region | Sort-Object) | Should -Be @('eu-west-1', 'us-east-1')
    }

    It 'takes ImageId and Region from piped objects' {
        $piped = [pscustomobject]@{ ImageId = $west.imageIds[0]; Region = 'eu-west-1' } | Get-Ami
        $piped.ImageId | Should -Be $west.imageIds[0]
        $piped.Region | Should -Be 'eu-west-1'
    }

    It 'writes a non-terminating AmiNotFound for a missing literal id and returns the others' {
        $missing = 'ami-0123456789abcdef0'
        $found = Get-Ami -ImageId $east.imageIds[0], $missing -ErrorVariable errors -ErrorAction SilentlyContinue
        $found.ImageId | Should -Be $east.imageIds[0]
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'AmiNotFound,AmiCmdlets.GetAmiCommand'
        $errors[0].TargetObject | Should -Be $missing
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'writes no error for a wildcard that matches nothing' {
        Get-Ami -Name 'nothing-*' -ErrorVariable errors
        $errors | Should -HaveCount 0
    }

    It 'rejects malformed ids, owners and regions before any call' {
        Reset-LocalAws
        { Get-Ami -ImageId 'image-1' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GetAmiCommand'
        { Get-Ami -Owner 'someone' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GetAmiCommand'
        { Get-Ami -Region 'Frankfurt' } | Should -Throw -ExpectedMessage "*is not an AWS region name: expected a name like us-east-1*"
        { Get-Ami -ImageId "ami-0123456789abcdef0`n" } | Should -Throw -ExpectedMessage "*expected ami- followed by 8 or 17 lower-case hex digits*"
        { Get-Ami -ImageId 'AMI-0123456789ABCDEF0' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GetAmiCommand'
        { Get-Ami -Region 'us-east-9' } | Should -Throw -ErrorId 'UnknownRegion,AmiCmdlets.GetAmiCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'streams every page of a large result' {
        Reset-LocalAws
        Add-LocalAwsSeed @{ region = 'us-east-2'; bulkImages = @{ count = 2100; namePrefix = 'bulk-' } } | Out-Null
        $count = 0
        Get-Ami -Region us-east-2 -Name 'bulk-*' | ForEach-Object { $count++ }
        $count | Should -Be 2100
        Get-LocalAwsCallCount -Action DescribeImages | Should -Be 3
    }
}
