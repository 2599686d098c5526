# AmiCmdlets.LocalAws as shipped (out/AmiCmdlets.LocalAws): every command has help, Start-LocalAws -SetEnvironment
# points the AWS environment at a LocalAws of its own and Stop-LocalAws puts it back, and the seeding commands
# create what AmiCmdlets then sees.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    # TestHelpers imports it into its own scope; the test reads it from the session.
    Import-Module (Get-LocalAwsModulePath)
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
}

Describe 'AmiCmdlets.LocalAws' {
    It 'has a synopsis and an example for every exported command' {
        $module = Get-Module AmiCmdlets.LocalAws
        $module.ModuleBase | Should -Be (Split-Path (Get-LocalAwsModulePath))
        $module.ExportedFunctions.Keys | Should -Contain 'Add-LocalAwsImage'
        foreach ($name in $module.ExportedFunctions.Keys) {
            $help = Get-Help $name
            $help.Synopsis | Should -Not -BeLike "*$name*" -Because "$name needs a .SYNOPSIS"
            @($help.examples.example).Count | Should -BeGreaterThan 0 -Because "$name needs an .EXAMPLE"
        }
    }

    It 'starts a LocalAws of its own with -SetEnvironment and Stop-LocalAws restores the environment' {
        $before = @{ AWS_ENDPOINT_URL = $env:AWS_ENDPOINT_URL; AWS_REGION = $env:AWS_REGION; LOCALAWS_URL = $env:LOCALAWS_URL }
        $own = Start-LocalAws -Root $repoRoot -SetEnvironment -Region eu-west-1
        try {
            $own.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $own.Url | Should -Not -Be $before.LOCALAWS_URL
            $env:AWS_ENDPOINT_URL | Should -Be $own.Url
            $env:AWS_REGION | Should -Be 'eu-west-1'
            $env:AWS_ACCESS_KEY_ID | Should -Be $own.AccessKeyId
            Get-LocalAwsUrl | Should -Be $own.Url
        }
        finally { Stop-LocalAws }
        $own.Process.HasExited | Should -BeTrue
        $env:AWS_ENDPOINT_URL | Should -Be $before.AWS_ENDPOINT_URL
        $env:AWS_REGION | Should -Be $before.AWS_REGION
        $env:LOCALAWS_URL | Should -Be $before.LOCALAWS_URL
    }

    It 'seeds images, instances, keys and launch templates that AmiCmdlets sees' {
        Reset-LocalAws
        Use-LocalAwsAccount Default
        $images = Add-LocalAwsImage -Name 'seeded-2026.01.01', 'seeded-2026.02.01' -Tag @{ Team = 'web' } -CreationDate (Get-Date).AddDays(-90)
        $images.Count | Should -Be 2
        $instance = Add-LocalAwsInstance -ImageId $images[0].ImageId
        $template = Add-LocalAwsLaunchTemplate -Name 'seeded' -ImageId $images[1].ImageId
        $key = Add-LocalAwsKey -Alias 'alias/seeded'

        $instance.InstanceId | Should -Match '^i-'
        $template.LaunchTemplateId | Should -Match '^lt-'
        $key.KeyArn | Should -Match ':key/'
        $found = Get-Ami -Name 'seeded-*'
        $found.ImageId | Sort-Object | Should -Be ($images.ImageId | Sort-Object)
        $found[0].Tags['Team'] | Should -Be 'web'
        # Both are in use (an instance, a launch template): nothing is stale.
        Find-StaleAmi -Name 'seeded-*' -KeepLatest 0 -OlderThanDays 1 | Should -BeNullOrEmpty
    }
}
