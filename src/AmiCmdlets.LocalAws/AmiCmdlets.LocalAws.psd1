@{
    RootModule           = 'AmiCmdlets.LocalAws.psm1'
    # build.ps1 stamps the one version of Directory.Build.props here (the LocalAws tool carries the same).
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0f2a4e-8b7c-4b61-9d1e-3c2f6a7b8e90'
    Author               = 'AmiCmdlets contributors'
    CompanyName          = 'AmiCmdlets'
    Copyright            = '(c) AmiCmdlets contributors. Apache License 2.0.'
    Description          = 'Start, seed, fault and inspect LocalAws (the local EC2/KMS/STS emulator, .NET tool "localaws") from PowerShell: offline Pester tests for AMI runbooks.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Start-LocalAws', 'Stop-LocalAws', 'Reset-LocalAws', 'Get-LocalAwsUrl', 'Get-LocalAwsAccount', 'Add-LocalAwsAccount',
        'Add-LocalAwsSeed', 'Add-LocalAwsImage', 'Add-LocalAwsInstance', 'Add-LocalAwsKey', 'Add-LocalAwsLaunchTemplate',
        'Set-LocalAwsFault', 'Set-LocalAwsSetting', 'Set-LocalAwsRoleRefusal', 'Set-LocalAwsProvisioning', 'Complete-LocalAwsPending',
        'Get-LocalAwsCall', 'Get-LocalAwsCallCount', 'Invoke-LocalAwsControl', 'Get-PwshPath'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('PSModule', 'AWS', 'EC2', 'AMI', 'LocalAws', 'Pester', 'Testing', 'Emulator', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/amicmdlets/AmiCmdlets'
            LicenseUri   = 'https://github.com/amicmdlets/AmiCmdlets/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/amicmdlets/AmiCmdlets/blob/main/CHANGELOG.md'
        }
    }
}
