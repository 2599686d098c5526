# Packs a built module folder into a PowerShell Gallery package (.nupkg) with Publish-PSResource, through a
# file repository that exists only for this run. build.ps1 (-Task Package) and the Pester package test start
# it in a pwsh of its own, so nothing stays registered in the user's PSResourceGet settings even if it dies
# half-way. Writes the path of the package it made.
[CmdletBinding()]
param(
    # The built module: a folder named after it, holding its manifest and everything it ships.
    [Parameter(Mandatory)] [string] $ModulePath,
    # Where the .nupkg goes (created if missing; a package of the same name is replaced).
    [Parameter(Mandatory)] [string] $OutputPath,
    # Files that ship in the package beside the module (LICENSE, CHANGELOG.md) but are not build output,
    # separated like PATH entries (';' on Windows, ':' elsewhere): 'pwsh -File' cannot pass an array.
    [string] $ExtraFile = ''
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$scratch = New-Item -ItemType Directory -Force (Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-package-' + [guid]::NewGuid().ToString('n')))
$repository = New-Item -ItemType Directory -Force (Join-Path $scratch 'repository')
# On Linux PSResourceGet keeps its list of repositories under XDG_DATA_HOME (the folder must exist): point it
# at the scratch folder so the user's list is never touched. Elsewhere the finally block unregisters.
if ($IsLinux) { $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Force (Join-Path $scratch 'data')).FullName }
Import-Module Microsoft.PowerShell.PSResourceGet

$repositoryName = 'AmiCmdletsPackaging' + [guid]::NewGuid().ToString('n').Substring(0, 8)
try {
    # A copy, so the build output stays exactly what the build made.
    $stage = Join-Path $scratch ('stage/' + (Split-Path -Leaf $ModulePath))
    New-Item -ItemType Directory -Force (Split-Path $stage) | Out-Null
    Copy-Item -Recurse $ModulePath $stage
    foreach ($file in $ExtraFile.Split([IO.Path]::PathSeparator, [StringSplitOptions]::RemoveEmptyEntries)) { Copy-Item $file $stage }

    Register-PSResourceRepository -Name $repositoryName -Uri $repository.FullName -Trusted
    Publish-PSResource -Path $stage -Repository $repositoryName
    $package = Get-ChildItem $repository.FullName -Filter '*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource reported no error but wrote no .nupkg into $($repository.FullName)." }
    New-Item -ItemType Directory -Force $OutputPath | Out-Null
    Copy-Item $package.FullName $OutputPath -Force
    Join-Path (Resolve-Path $OutputPath) $package.Name
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName -ErrorAction Ignore
    Remove-Item -Recurse -Force $scratch -ErrorAction Ignore
}
