# The module as shipped: manifest, exports, and the conventions every cmdlet must keep.
BeforeDiscovery {
    Import-Module $env:AMICMDLETS_MODULE
    $script:cmdlets = @(Get-Command -Module AmiCmdlets -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $mutatingVerbs = 'New', 'Invoke', 'Copy', 'Grant', 'Revoke', 'Set', 'Remove', 'Enable', 'Disable', 'Register', 'Unregister', 'Restore', 'Sync'
    # Set-AmiContext only changes this session's defaults, nothing in AWS.
    $script:mutating = @($cmdlets | Where-Object { $_.Name.Split('-')[0] -in $mutatingVerbs -and $_.Name -ne 'Set-AmiContext' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    $script:manifest = Import-PowerShellDataFile $env:AMICMDLETS_MODULE
}

Describe 'The manifest' {
    It 'exports exactly the cmdlets it lists' {
        $exported = (Get-Command -Module AmiCmdlets).Name | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $manifest.FunctionsToExport.Count | Should -Be 0
    }

    It 'carries the version from Directory.Build.props' {
        $props = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../Directory.Build.props'))
        $manifest.ModuleVersion | Should -Be (@($props.Project.PropertyGroup.Version) -ne $null)[0]
    }

    It 'supports Windows PowerShell 5.1 and PowerShell 7' {
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
    }
}

Describe '<Name> follows the conventions' -ForEach $cmdlets {
    BeforeAll { $command = Get-Command $Name }

    It 'declares its output type' {
        $command.OutputType.Count | Should -BeGreaterThan 0
    }

    It 'binds pipeline properties only to names that our output types have' {
        $outputProperties = @('ImageId', 'Name', 'Region', 'InstanceId', 'SnapshotId', 'State', 'OwnerId', 'Tags', 'Description', 'Principal', 'Kind', 'RoleArn', 'ProfileName')
        $byProperty = $command.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipelineByPropertyName } }
        foreach ($parameter in $byProperty) { $parameter.Name | Should -BeIn $outputProperties }
    }
}

Describe '<Name> can be previewed' -ForEach $mutating {
    It 'supports -WhatIf and -Confirm' {
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Confirm'
    }
}

Describe 'Importing' {
    It 'loads no AWSSDK assembly until the first call' {
        $result = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { `$_ -like 'AWSSDK*' -or `$_ -eq 'AmiCmdlets.Engine' }
if (`$loaded) { "LOADED: `$loaded"; exit 1 } else { 'CLEAN'; exit 0 }
"@
        $result.Output | Should -Match 'CLEAN'
        $result.ExitCode | Should -Be 0
    }
}
