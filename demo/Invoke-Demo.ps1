<#
.SYNOPSIS
    The AmiCmdlets tour, against LocalAws. build.ps1 -Task Demo starts LocalAws and runs this in a fresh pwsh.
.DESCRIPTION
    Runs every demo/NN-*.ps1 in order in this session, as a user would type them. Each step prints what it
    does; the first failure stops the tour with a non-zero exit code.
#>
param([Parameter(Mandatory)] [string] $EndpointUrl)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# What a user's shell would hold after 'aws configure': here, LocalAws's default account.
$env:AWS_ACCESS_KEY_ID = 'AKIALOCALAWSDEFAULT0'
$env:AWS_SECRET_ACCESS_KEY = 'localaws-secret-default'
$env:AWS_REGION = 'us-east-1'
$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module $env:AMICMDLETS_MODULE
Set-AmiContext -EndpointUrl $EndpointUrl
# The steps seed what a real account would already hold with Add-LocalAwsSeed (LocalAws's control plane).
Import-Module (Join-Path $PSScriptRoot '../src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1')
$env:LOCALAWS_URL = $EndpointUrl

function Show-Step([string] $Text) {
    Write-Host ''
    Write-Host "==> $Text" -ForegroundColor Cyan
}

# The demo runs without a console, whose width PowerShell cannot know: render at 120 columns, where each
# table's flexible column (Name, Principal) shows long names whole. Trailing blank lines are trimmed so
# every step ends the same way.
function Show-Output {
    Write-Host ($input | Out-String -Width 120).TrimEnd()
}

try {
    foreach ($step in Get-ChildItem $PSScriptRoot -Filter '*.ps1' | Where-Object Name -Match '^[0-9][0-9]-' | Sort-Object Name) {
        . $step.FullName
    }
    Write-Host ''
    Write-Host 'Demo finished.' -ForegroundColor Green
}
catch {
    Write-Host "Demo failed: $_" -ForegroundColor Red
    exit 1
}
