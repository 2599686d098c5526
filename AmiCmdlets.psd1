@{
    RootModule             = 'AmiCmdlets.dll'
    # Stamped by build.ps1 from <Version> in Directory.Build.props: change it there, not here.
    ModuleVersion          = '0.0.0'
    GUID                   = '4bb5a8aa-a7ad-4a01-98be-33e34a6ced04'
    Author                 = 'AmiCmdlets contributors'
    CompanyName            = 'AmiCmdlets'
    Copyright              = '(c) AmiCmdlets contributors. Apache License 2.0.'
    Description            = 'The whole life of an Amazon Machine Image (AMI): capture golden images, copy them encrypted to many regions, share them safely, deprecate them, and remove them together with their snapshots. Binary cmdlets with typed output and -WhatIf everywhere. On PowerShell 7 the AWS SDK loads in the module''s own AssemblyLoadContext and does not clash with AWS.Tools; Windows PowerShell 5.1 cannot isolate it, so there the module refuses to import beside another AWS SDK v4 (AWS.Tools 5) and says so.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    # Not enforced by Windows PowerShell 5.1 above 4.5: AmiCmdlets.Requirements.ps1 checks it before the assembly loads.
    DotNetFrameworkVersion = '4.7.2'
    NestedModules          = @('AmiCmdlets.Requirements.ps1')
    FormatsToProcess       = @('AmiCmdlets.format.ps1xml')
    CmdletsToExport        = @(
        'Get-Ami'
        'Get-AmiContext'
        'Set-AmiContext'
        'Clear-AmiContext'
        'New-GoldenAmi'
        'Wait-Ami'
        'Copy-AmiToRegion'
        'Grant-AmiLaunchPermission'
        'Revoke-AmiLaunchPermission'
        'Get-AmiLaunchPermission'
        'Set-AmiDeprecation'
        'Enable-AmiDeregistrationProtection'
        'Disable-AmiDeregistrationProtection'
        'Disable-Ami'
        'Enable-Ami'
        'Remove-AmiWithSnapshots'
        'Find-StaleAmi'
        'Find-OrphanedAmiSnapshot'
        'Remove-OrphanedAmiSnapshot'
        'Find-BaseAmi'
        'Test-AmiTrust'
        'Get-AmiUsage'
        'Find-InstanceOnOutdatedAmi'
        'Get-AmiCost'
        'Restore-Ami'
        'Invoke-GoldenAmiBuild'
        'Get-AmiAncestry'
        'Find-AmiDescendant'
        'Get-AmiAllowedSetting'
        'Set-AmiAllowedSetting'
        'Copy-AmiToAccount'
        'Sync-AmiTag'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'EC2', 'AMI', 'GoldenImage', 'EBS', 'Snapshot', 'KMS', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/amicmdlets/AmiCmdlets'
            LicenseUri   = 'https://github.com/amicmdlets/AmiCmdlets/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md in the module folder, or https://github.com/amicmdlets/AmiCmdlets/blob/main/CHANGELOG.md'
        }
    }
}
