#Requires -Version 7.2
<#
.SYNOPSIS
    How long LocalAws takes to start: Start-LocalAws until it answers a control-plane request (target: under 1 s).
.DESCRIPTION
    Measures LocalAws as users run it: the 'localaws' .NET tool installed from out/LocalAws.<version>.nupkg into a
    scratch tool path (build.ps1 -Task Package makes it), else the built LocalAws.dll under 'dotnet'. Each turn is one
    Start-LocalAws (start the process, read its "listening" line, one GET /_localaws/accounts) and is stopped before
    the next. The first (cold) turn is reported apart; the median, p90 and max are of the warm turns.
    Also checks what it listens on: every socket of the process must be on 127.0.0.1 (Linux, from /proc/net/tcp).
    Run: dotnet pwsh ./bench/localaws-start.ps1 [-Turns 9] [-OutFile localaws-start.md]
#>
param(
    [ValidateRange(1, 100)] [int] $Turns = 9,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1')

$scratch = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ('localaws-start-' + [guid]::NewGuid().ToString('n')))
try {
    $package = Get-ChildItem (Join-Path $root 'out') -Filter 'LocalAws.*.nupkg' -ErrorAction Ignore | Select-Object -First 1
    if ($package) {
        $version = $package.BaseName.Substring('LocalAws.'.Length)
        $feed = New-Item -ItemType Directory (Join-Path $scratch 'feed'); Copy-Item $package.FullName $feed
        $config = Join-Path $scratch 'nuget.config'
        Set-Content $config "<?xml version=`"1.0`" encoding=`"utf-8`"?><configuration><packageSources><clear /><add key=`"local`" value=`"$($feed.FullName)`" /></packageSources></configuration>"
        & dotnet tool install LocalAws --version $version --tool-path (Join-Path $scratch 'tools') --configfile $config | Out-Host
        if ($LASTEXITCODE -ne 0) { throw 'dotnet tool install LocalAws failed.' }
        $path = Join-Path $scratch ($(if ($IsWindows) { 'tools/localaws.exe' } else { 'tools/localaws' }))
        $how = "the installed .NET tool ($($package.Name))"
    }
    else {
        $path = Join-Path $root 'src/LocalAws/bin/Release/net10.0/LocalAws.dll'
        if (-not (Test-Path $path)) { throw "Build or package first: $path is missing." }
        $how = 'dotnet LocalAws.dll (no package in out/)'
    }

    $times = [Collections.Generic.List[double]]::new()
    $loopbackOnly = $null
    for ($turn = 0; $turn -le $Turns; $turn++) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $localAws = Start-LocalAws -Path $path
        $clock.Stop()
        try {
            if ($turn -eq 0 -and $IsLinux) {
                # Listening sockets (state 0A) of this process's inodes must all be on 127.0.0.1 (0100007F).
                $inodes = Get-ChildItem "/proc/$($localAws.Process.Id)/fd" | ForEach-Object { if ($_.LinkTarget -match 'socket:\[(\d+)\]') { $Matches[1] } }
                $listening = foreach ($file in '/proc/net/tcp', '/proc/net/tcp6') {
                    Get-Content $file | Select-Object -Skip 1 | ForEach-Object { , ($_.Trim() -split '\s+') } |
                        Where-Object { $_[3] -eq '0A' -and $_[9] -in $inodes } | ForEach-Object { $_[1] }
                }
                $loopbackOnly = @($listening).Count -gt 0 -and -not ($listening | Where-Object { $_ -notlike '0100007F:*' })
            }
        }
        finally { Stop-LocalAws $localAws }
        $times.Add($clock.Elapsed.TotalMilliseconds)
    }
    $cold = $times[0]
    $warm = @($times | Select-Object -Skip 1 | Sort-Object)
    $median = $warm[[int][Math]::Floor(($warm.Count - 1) / 2)]
    $p90 = $warm[[int][Math]::Ceiling(0.9 * $warm.Count) - 1]
    $max = $warm[-1]
    $verdict = if ($median -lt 1000) { 'under 1 s' } else { 'OVER 1 s' }
    $machine = "{0} cores, load {1}, {2}, .NET {3}" -f [Environment]::ProcessorCount,
        $(if ($IsLinux) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }), [Runtime.InteropServices.RuntimeInformation]::OSDescription, [Environment]::Version
    $lines = @(
        '| LocalAws run as | Cold start (ms) | Warm median (ms) | Warm p90 (ms) | Warm max (ms) | Turns | Target | Loopback only |',
        '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
        ('| {0} | {1:0} | {2:0} | {3:0} | {4:0} | {5} | {6} | {7} |' -f $how, $cold, $median, $p90, $max, $warm.Count, $verdict, $(if ($null -eq $loopbackOnly) { 'not checked' } elseif ($loopbackOnly) { 'yes' } else { 'NO' })),
        '',
        "Machine: $machine. A start is Start-LocalAws until its first control-plane answer, measured in this pwsh."
    )
    $lines | Write-Host
    if ($OutFile) { Set-Content -Path $OutFile -Value $lines; Write-Host "Wrote $OutFile" }
}
finally { Remove-Item -Recurse -Force $scratch -ErrorAction Ignore }
