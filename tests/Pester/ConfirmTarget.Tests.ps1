# What -WhatIf and -Confirm name: in a pipeline over several regions the user must see where each change
# happens, so every mutating cmdlet's target names the resource, its name when it has one, and its region.
BeforeDiscovery {
    Import-Module $env:AMICMDLETS_MODULE
    # The same list as the convention tests in Module.Tests.ps1: every cmdlet that changes something in AWS.
    $mutatingVerbs = 'New', 'Invoke', 'Copy', 'Grant', 'Revoke', 'Set', 'Remove', 'Enable', 'Disable', 'Register', 'Unregister', 'Restore', 'Sync'
    $script:mutating = @(Get-Command -Module AmiCmdlets -CommandType Cmdlet |
            Where-Object { $_.Noun -ne 'AmiContext' -and $_.Verb -in $mutatingVerbs } | ForEach-Object { @{ Name = $_.Name } })
    # Those whose target is an image (the others act on an instance, a snapshot or a region's settings).
    $script:imageCmdlets = @($mutating | Where-Object { $_.Name -notin 'New-GoldenAmi', 'Remove-OrphanedAmiSnapshot', 'Set-AmiAllowedSetting' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    # Not the default region (us-east-1): a target that names the region cannot get it by chance.
    $script:region = 'eu-west-2'
    Use-LocalAwsAccount Default -Region us-east-1
    Clear-AmiContext
    Reset-LocalAws
    $devices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 })
    Add-LocalAwsSeed @{ region = $region; images = @(
            @{ name = 'wi-plain'; blockDevices = $devices }
            @{ name = 'wi-disabled'; state = 'disabled'; blockDevices = $devices }
            @{ name = 'wi-protected'; deregistrationProtection = $true; blockDevices = $devices }
            @{ name = 'wi-shared'; launchPermissions = @('111122223333'); tags = @{ Team = 'web' }; blockDevices = $devices }
            @{ name = 'wi-orphan'; blockDevices = $devices }
            @{ name = 'wi-binned'; blockDevices = $devices }
        ) } | Out-Null
    $instance = (Add-LocalAwsSeed @{ region = $region; instances = @(@{ state = 'running' }) }).instanceIds[0]
    Get-Ami -Name 'wi-orphan' -Region $region | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false | Out-Null
    # A retention rule added after the seed, so that only wi-binned goes to the Recycle Bin (for Restore-Ami).
    Add-LocalAwsSeed @{ region = $region; retentionRules = @(@{ resourceType = 'EC2_IMAGE' }, @{ resourceType = 'EBS_SNAPSHOT' }) } | Out-Null
    Get-Ami -Name 'wi-binned' -Region $region | Remove-AmiWithSnapshots -Confirm:$false | Out-Null

    # One -WhatIf run per mutating cmdlet, each introduced by a marker line, all in one fresh pwsh (-WhatIf
    # writes to the host, which only another process can capture).
    $script:previews = [ordered]@{
        'New-GoldenAmi'                       = "'$instance' | New-GoldenAmi -Name wi-golden -Region $region"
        'Copy-AmiToRegion'                    = "Get-Ami -Name wi-plain -Region $region | Copy-AmiToRegion -DestinationRegion us-west-2"
        'Grant-AmiLaunchPermission'           = "Get-Ami -Name wi-plain -Region $region | Grant-AmiLaunchPermission -AccountId 444455556666"
        'Revoke-AmiLaunchPermission'          = "Get-Ami -Name wi-shared -Region $region | Revoke-AmiLaunchPermission -AccountId 111122223333"
        'Set-AmiDeprecation'                  = "Get-Ami -Name wi-plain -Region $region | Set-AmiDeprecation -InDays 30"
        'Remove-AmiWithSnapshots'             = "Get-Ami -Name wi-plain -Region $region | Remove-AmiWithSnapshots"
        'Remove-OrphanedAmiSnapshot'          = "Find-OrphanedAmiSnapshot -Region $region | Remove-OrphanedAmiSnapshot"
        'Enable-Ami'                          = "Get-Ami -Name wi-disabled -IncludeDisabled -Region $region | Enable-Ami"
        'Disable-Ami'                         = "Get-Ami -Name wi-plain -Region $region | Disable-Ami"
        'Enable-AmiDeregistrationProtection'  = "Get-Ami -Name wi-plain -Region $region | Enable-AmiDeregistrationProtection"
        'Disable-AmiDeregistrationProtection' = "Get-Ami -Name wi-protected -Region $region | Disable-AmiDeregistrationProtection"
        'Restore-Ami'                         = "Get-Ami -InRecycleBin -Region $region | Restore-Ami"
        'Invoke-GoldenAmiBuild'               = "Get-Ami -Name wi-plain -Region $region | Invoke-GoldenAmiBuild -Name wi-built -UserData '#!/bin/sh'"
        'Copy-AmiToAccount'                   = "Get-Ami -Name wi-plain -Region $region | Copy-AmiToAccount -RoleArn 'arn:aws:iam::111122223333:role/AmiAdmin'"
        'Sync-AmiTag'                         = "Get-Ami -Name wi-shared -Region $region | Sync-AmiTag -RoleArn 'arn:aws:iam::111122223333:role/AmiAdmin'"
        'Set-AmiAllowedSetting'               = "Set-AmiAllowedSetting -State AuditMode -Region $region"
    }
    $script:mutatingCallsBefore = Get-LocalAwsCallCount -Mutating
    $lines = foreach ($name in $previews.Keys) { "'### $name'"; "$($previews[$name]) -WhatIf" }
    $run = Invoke-FreshPwsh ("Import-Module '$env:AMICMDLETS_MODULE'`n" + ($lines -join "`n"))
    $script:exitCode = $run.ExitCode
    $script:output = $run.Output
    $script:whatIf = @{}
    $current = $null
    foreach ($line in $output -split "`r?`n") {
        if ($line -match '^### (\S+)') { $current = $Matches[1]; $whatIf[$current] = @(); continue }
        if ($current -and $line -match '^What if: ') { $whatIf[$current] += $line }
    }
}

AfterAll { Clear-AmiContext }

Describe 'The -WhatIf target' {
    It 'is previewed for every mutating cmdlet, without a change' {
        $exitCode | Should -Be 0 -Because $output
        @($mutating.Name | Where-Object { $_ -notin $previews.Keys }) | Should -BeNullOrEmpty -Because 'every mutating cmdlet needs a preview here'
        Get-LocalAwsCallCount -Mutating | Should -Be $mutatingCallsBefore
    }
}

Describe '<Name> -WhatIf' -ForEach $mutating {
    It 'names the region in the target' {
        $lines = $whatIf[$Name]
        $lines | Should -Not -BeNullOrEmpty -Because "$Name -WhatIf should print a What if line: $output"
        # Acting through another account's role, the target says the account too (111122223333/eu-west-2).
        foreach ($line in $lines) { $line | Should -Match " on target `"[^`"]* in ([0-9]{12}/)?$region`"\.?$" }
    }
}

Describe '<Name> -WhatIf' -ForEach $imageCmdlets {
    It 'names the image by id and name' {
        $whatIf[$Name] | Should -Not -BeNullOrEmpty -Because "$Name -WhatIf should print a What if line"
        foreach ($line in $whatIf[$Name]) { $line | Should -Match " on target `"ami-[0-9a-f]+ \('wi-[a-z]+'\) in ([0-9]{12}/)?$region`"" }
    }
}
