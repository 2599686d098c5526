#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates and packages AmiCmdlets.
.DESCRIPTION
    Build   publishes the shipped module to out/AmiCmdlets (manifest, format file, MAML help, assemblies
            in the isolation layout: AmiCmdlets.dll + Contracts + Isolation at the root, the engine and the
            AWSSDK in Dependencies/), LocalAws's PowerShell module to out/AmiCmdlets.LocalAws, and builds LocalAws.
    Test    builds, runs every xunit project and the Pester suite (fresh pwsh, module imported from out/),
            and ends with one line 'N passed, N failed'. Exit code 1 on any failure.
    Demo    builds, starts LocalAws on a free loopback port, runs demo/*.ps1 against it, stops LocalAws.
    Package builds, then writes the PowerShell Gallery packages out/AmiCmdlets.<version>.nupkg (the module
            plus LICENSE and CHANGELOG.md) and out/AmiCmdlets.LocalAws.<version>.nupkg (LocalAws's PowerShell
            client) with Publish-PSResource through a throwaway local repository, and the .NET tool package
            out/LocalAws.<version>.nupkg (the 'localaws' command).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester only: run the test files whose name matches this wildcard.
    [string] $PesterFilter = '*'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'AmiCmdlets'
$localAwsModuleOut = Join-Path $out 'AmiCmdlets.LocalAws'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
Import-Module (Join-Path $root 'src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1') -Force

# MSBuild's arguments for every build, publish and restore here: errors and warnings only. "-v quiet" still
# ends each call with "Build succeeded. 0 Warning(s)...", and the dotnet CLI ignores -clp:NoSummary on its
# own console logger, so that logger is replaced by one configured here.
$quietBuild = '--nologo', '-noConsoleLogger', '-logger:ConsoleLogger,Microsoft.Build;Verbosity=quiet;NoSummary'

function Invoke-Dotnet {
    # To the host, never into a caller's return value.
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))
    $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Build {
    Write-Host "Building AmiCmdlets ($Configuration)..."
    # The shipped assemblies and LocalAws only; the Test task builds the test projects on top.
    foreach ($project in 'src/AmiCmdlets/AmiCmdlets.csproj', 'src/AmiCmdlets.Isolation/AmiCmdlets.Isolation.csproj', 'src/LocalAws/LocalAws.csproj') {
        Invoke-Dotnet build (Join-Path $root $project) -c $Configuration @quietBuild
    }
    $engineOut = Join-Path $root "obj/publish/engine"
    Invoke-Dotnet publish (Join-Path $root 'src/AmiCmdlets.Engine/AmiCmdlets.Engine.csproj') -c $Configuration -o $engineOut --no-build @quietBuild

    if (Test-Path $moduleOut) { Remove-Item -Recurse -Force $moduleOut }
    $dependencies = New-Item -ItemType Directory -Force (Join-Path $moduleOut 'Dependencies')
    $thinBin = Join-Path $root "src/AmiCmdlets/bin/$Configuration/netstandard2.0"
    $isolationBin = Join-Path $root "src/AmiCmdlets.Isolation/bin/$Configuration/net8.0"
    Copy-Item (Join-Path $thinBin 'AmiCmdlets.dll'), (Join-Path $thinBin 'AmiCmdlets.Contracts.dll'), (Join-Path $isolationBin 'AmiCmdlets.Isolation.dll') $moduleOut
    # The engine's own netstandard2.0 assets only: mixing AWSSDK target frameworks fails at run time.
    Get-ChildItem $engineOut -Filter *.dll | Where-Object Name -ne 'AmiCmdlets.Contracts.dll' | Copy-Item -Destination $dependencies
    Copy-Item (Join-Path $root 'src/AmiCmdlets/AmiCmdlets.format.ps1xml'), (Join-Path $root 'src/AmiCmdlets/AmiCmdlets.Requirements.ps1') $moduleOut

    $manifest = Get-Content -Raw (Join-Path $root 'AmiCmdlets.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)=(\s*)'[^']*'", "ModuleVersion`$1=`$2'$(Get-ModuleVersion)'"
    Set-Content -Path (Join-Path $moduleOut 'AmiCmdlets.psd1') -Value $manifest -NoNewline

    $helpDir = New-Item -ItemType Directory -Force (Join-Path $moduleOut 'en-US')
    $converter = Join-Path $root 'build/New-MamlHelp.ps1'
    & (Get-PwshPath) -NoProfile -NonInteractive -File $converter -DocsPath (Join-Path $root 'docs/cmdlets') `
        -ModuleManifest (Join-Path $moduleOut 'AmiCmdlets.psd1') -OutputPath (Join-Path $helpDir 'AmiCmdlets.dll-Help.xml')
    if ($LASTEXITCODE -ne 0) { throw 'Help generation failed: see the problems listed above.' }
    Write-Host "Module ready in $moduleOut"
    Invoke-LocalAwsModuleBuild
}

# The PowerShell client of LocalAws, shipped beside AmiCmdlets: out/AmiCmdlets.LocalAws, version stamped.
function Invoke-LocalAwsModuleBuild {
    $source = Join-Path $root 'src/AmiCmdlets.LocalAws'
    if (Test-Path $localAwsModuleOut) { Remove-Item -Recurse -Force $localAwsModuleOut }
    New-Item -ItemType Directory -Force $localAwsModuleOut | Out-Null
    Copy-Item (Join-Path $source '*.ps*1') -Exclude '*.psd1' $localAwsModuleOut
    $manifest = Get-Content -Raw (Join-Path $source 'AmiCmdlets.LocalAws.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)=(\s*)'[^']*'", "ModuleVersion`$1=`$2'$(Get-ModuleVersion)'"
    Set-Content -Path (Join-Path $localAwsModuleOut 'AmiCmdlets.LocalAws.psd1') -Value $manifest -NoNewline
    Write-Host "Module ready in $localAwsModuleOut"
}

# The gallery package of what Invoke-Build produced, plus the licence (Apache 2.0 asks for it to travel with
# the work) and the changelog that ReleaseNotes points to. Publish-PSResource runs in a pwsh of its own (see
# build/Publish-ModulePackage.ps1) so no repository stays registered in the user's PSResourceGet settings.
function Invoke-Package {
    Write-Host 'Packaging AmiCmdlets...'
    Get-ChildItem $out -Filter 'AmiCmdlets.*.nupkg' | Remove-Item
    $package = & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $root 'build/Publish-ModulePackage.ps1') -ModulePath $moduleOut -OutputPath $out `
        -ExtraFile ((Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') -join [IO.Path]::PathSeparator)
    if ($LASTEXITCODE -ne 0) { throw "Packaging failed (exit code $LASTEXITCODE): see the messages above." }
    Write-Host "Package ready: $(@($package)[-1])"
    Get-ChildItem $out -Filter 'AmiCmdlets.LocalAws.*.nupkg' | Remove-Item
    $package = & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $root 'build/Publish-ModulePackage.ps1') -ModulePath $localAwsModuleOut -OutputPath $out `        -ExtraFile ((Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') -join [IO.Path]::PathSeparator)
    if ($LASTEXITCODE -ne 0) { throw "Packaging AmiCmdlets.LocalAws failed (exit code $LASTEXITCODE): see the messages above." }
    Write-Host "Package ready: $(@($package)[-1])"
    Invoke-LocalAwsToolPackage
}

# LocalAws as a .NET tool (PackAsTool, command 'localaws'): out/LocalAws.<version>.nupkg, installable with
# 'dotnet tool install --global LocalAws --add-source ./out' or into a local tool manifest.
function Invoke-LocalAwsToolPackage {
    Write-Host 'Packaging the LocalAws .NET tool...'
    Get-ChildItem $out -Filter 'LocalAws.*.nupkg' | Remove-Item
    Invoke-Dotnet pack (Join-Path $root 'src/LocalAws/LocalAws.csproj') -c $Configuration -o $out --no-build @quietBuild
    Write-Host "Package ready: $(Join-Path $out "LocalAws.$(Get-ModuleVersion).nupkg")"
}

function Install-PesterModule {
    $pester = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { Invoke-Dotnet restore (Join-Path $root 'build/PesterRestore/PesterRestore.csproj') @quietBuild }
    $pester
}

# LocalAws conformance tests drive Debian's AWS CLI; install it the first time (CI machines start clean).
function Install-ConformanceTool {
    if (Test-Path '/usr/bin/aws') { return }
    if (-not $IsLinux -or -not (Get-Command apt-get -ErrorAction Ignore)) {
        Write-Warning 'The AWS CLI (/usr/bin/aws) is missing and apt-get is not available: LocalAws conformance tests will fail.'
        return
    }
    Write-Host 'Installing Debian awscli for the LocalAws conformance suite...'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq | Out-Null
    & apt-get install -y -qq awscli | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'apt-get install awscli failed' }
}

function Invoke-XunitTests {
    $log = Join-Path $out 'xunit.log'
    Write-Host 'Running xunit tests...'
    Invoke-Dotnet build (Join-Path $root 'AmiCmdlets.sln') -c $Configuration @quietBuild
    & dotnet test (Join-Path $root 'AmiCmdlets.sln') -c $Configuration --no-build --nologo 2>&1 | Tee-Object -FilePath $log | Out-Host
    $passed = 0; $failed = 0; $projects = 0
    foreach ($line in Get-Content $log) {
        if ($line -match '(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+)') {
            $failed += [int]$Matches[2]; $passed += [int]$Matches[3]; $projects++
        }
    }
    # A test project that crashed prints no summary: count it as a failure rather than hide it.
    $expected = @(Get-ChildItem (Join-Path $root 'tests') -Filter *.csproj -Recurse | Where-Object { (Get-Content -Raw $_) -match 'Microsoft.NET.Test.Sdk' }).Count
    if ($projects -lt $expected) { $failed += ($expected - $projects); Write-Warning "$($expected - $projects) xunit project(s) printed no summary." }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterTests([string] $endpoint) {
    $pester = Install-PesterModule
    $resultFile = Join-Path $out 'pester-result.json'
    Remove-Item $resultFile -ErrorAction Ignore
    $runner = Join-Path $root 'build/Invoke-PesterSuite.ps1'
    $env:AMICMDLETS_MODULE = Join-Path $moduleOut 'AmiCmdlets.psd1'
    $env:LOCALAWS_URL = $endpoint
    # Passed through the environment: pwsh expands wildcards in native command arguments on Unix.
    $env:AMICMDLETS_PESTER_FILTER = $PesterFilter
    Write-Host 'Running Pester tests in a fresh pwsh...'
    & (Get-PwshPath) -NoProfile -NonInteractive -File $runner -PesterPath $pester -TestPath (Join-Path $root 'tests/Pester') -ResultFile $resultFile | Out-Host
    if (-not (Test-Path $resultFile)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    Get-Content -Raw $resultFile | ConvertFrom-Json
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' {
        Invoke-Build
        # Before Pester: tests/Pester/Package.Tests.ps1 installs this package.
        Invoke-Package
        Install-ConformanceTool
        $xunit = Invoke-XunitTests
        $localAws = Start-LocalAws -Root $root -Configuration $Configuration
        try { $pester = Invoke-PesterTests $localAws.Url }
        finally { Stop-LocalAws $localAws }
        $passed = $xunit.Passed + $pester.Passed
        $failed = $xunit.Failed + $pester.Failed
        Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
        Write-Output "$passed passed, $failed failed"
        if ($failed -gt 0) { exit 1 }
    }
    'Package' {
        Invoke-Build
        Invoke-Package
    }
    'Demo' {
        Invoke-Build
        $localAws = Start-LocalAws -Root $root -Configuration $Configuration -PendingSeconds 2
        try {
            $env:AMICMDLETS_MODULE = Join-Path $moduleOut 'AmiCmdlets.psd1'
            & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $root 'demo/Invoke-Demo.ps1') -EndpointUrl $localAws.Url
            if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
        }
        finally { Stop-LocalAws $localAws }
    }
}
