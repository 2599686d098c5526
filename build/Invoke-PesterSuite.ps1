# Runs the Pester suite in this (fresh) pwsh and writes {Passed, Failed} to a JSON file for build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultFile
)
# Which test files: a wildcard in AMICMDLETS_PESTER_FILTER (default all).
$Filter = if ($env:AMICMDLETS_PESTER_FILTER) { $env:AMICMDLETS_PESTER_FILTER } else { '*' }
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -MinimumVersion 5.7.1
$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem $TestPath -Filter "$Filter.Tests.ps1" | ForEach-Object FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration
# Containers that failed to run (a syntax error, a failing BeforeAll) count as failures too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $ResultFile
