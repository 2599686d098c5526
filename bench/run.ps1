#Requires -Version 7.2
<#
.SYNOPSIS
    Runs every benchmark and writes bench/results.md: wall time, API calls, peak memory, ratio to baseline.
.DESCRIPTION
    Each benchmark runs the module beside its naive baseline in the same run, against LocalAws with
    injected latency (see each script's help). Build first: dotnet pwsh ./build.ps1 -Task Build
    Run: dotnet pwsh ./bench/run.ps1 [-Only copy-fanout,import]
#>
param([string[]] $Only)
$ErrorActionPreference = 'Stop'
$benchmarks = 'import', 'get-ami-100k', 'copy-fanout', 'remove-500', 'cleanup', 'usage'
# pwsh -File passes "a,b" as one string.
$Only = @($Only | ForEach-Object { $_ -split "," } | Where-Object { $_ })
if ($Only) { $benchmarks = $benchmarks | Where-Object { $_ -in $Only } }

$rows = foreach ($name in $benchmarks) {
    Write-Host "== $name" -ForegroundColor Cyan
    & (Join-Path $PSScriptRoot "$name.ps1")
}

$lines = [Collections.Generic.List[string]]::new()
$lines.Add('# Benchmark results')
$lines.Add('')
$lines.Add("Written by bench/run.ps1 on $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC, $([Environment]::ProcessorCount) cores, PowerShell $($PSVersionTable.PSVersion).")
$lines.Add('Wall times include starting a fresh pwsh (about 0.5-1 s). Ratio = wall time / the baseline''s wall time.')
$lines.Add('')
$lines.Add('| Benchmark | Kind | Scenario | Wall (s) | API calls | Peak MB | Ratio to baseline | Result |')
$lines.Add('| --- | --- | --- | ---: | ---: | ---: | ---: | --- |')
foreach ($group in $rows | Group-Object Benchmark) {
    $baseline = $group.Group | Where-Object Kind -EQ 'baseline' | Select-Object -First 1
    foreach ($row in $group.Group) {
        $ratio = if ($baseline -and $baseline.WallSeconds) { '{0:0.00}' -f ($row.WallSeconds / $baseline.WallSeconds) } else { '' }
        $scenario = $row.Scenario -replace '\|', '\|'
        $lines.Add("| $($row.Benchmark) | $($row.Kind) | $scenario | $($row.WallSeconds) | $($row.ApiCalls) | $($row.PeakMB) | $ratio | $($row.Output -replace '\r?\n', '; ' -replace '\|', '/') |")
    }
}

if (-not $Only -or 'localaws-describe' -in $Only) {
    Write-Host '== localaws-describe' -ForegroundColor Cyan
    $describe = Join-Path ([IO.Path]::GetTempPath()) 'localaws-describe.md'
    & (Join-Path $PSScriptRoot 'localaws-describe.ps1') -OutFile $describe | Out-Host
    if (Test-Path $describe) {
        $lines.Add('')
        $lines.Add('## LocalAws itself (bench/localaws-describe.ps1)')
        $lines.Add('')
        foreach ($line in Get-Content $describe) { $lines.Add($line) }
    }
}
if (-not $Only -or 'localaws-start' -in $Only) {
    Write-Host '== localaws-start' -ForegroundColor Cyan
    $startTable = Join-Path ([IO.Path]::GetTempPath()) 'localaws-start.md'
    & (Join-Path $PSScriptRoot 'localaws-start.ps1') -OutFile $startTable | Out-Host
    if (Test-Path $startTable) {
        $lines.Add('')
        $lines.Add('## LocalAws start-up (bench/localaws-start.ps1)')
        $lines.Add('')
        foreach ($line in Get-Content $startTable) { $lines.Add($line) }
    }
}
Set-Content -Path (Join-Path $PSScriptRoot 'results.md') -Value $lines
Write-Host "Wrote $(Join-Path $PSScriptRoot 'results.md')"
