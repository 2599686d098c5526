# Shared by the benchmarks: LocalAws with injected latency, call counters, and timing a script in a fresh pwsh.
Set-StrictMode -Version Latest
$script:Root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $script:Root 'build/LocalAwsProcess.psm1')

function Start-BenchLocalAws { Start-LocalAws -Root $script:Root -Configuration Release }

function Invoke-LocalAwsControl([string] $Url, [string] $Path, [hashtable] $Body = @{}) {
    Invoke-RestMethod -Method Post -Uri "$Url/_localaws/$Path" -Body ($Body | ConvertTo-Json -Depth 10) -ContentType 'application/json'
}

function Get-BenchCallCount([string] $Url) {
    $rows = Invoke-RestMethod -Uri "$Url/_localaws/calls"
    $sum = 0
    foreach ($row in $rows) { $sum += $row.count }
    $sum
}

function Get-PwshPath {
    $apphost = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }
}

# Runs $Script in a fresh pwsh pointed at LocalAws as the default account; returns wall seconds,
# API calls (LocalAws counters reset before) and the script's output.
function Measure-BenchScript([string] $Url, [string] $Script) {
    Invoke-LocalAwsControl $Url 'reset' | Out-Null
    $file = Join-Path ([IO.Path]::GetTempPath()) ("bench-" + [guid]::NewGuid() + '.ps1')
    Set-Content $file @"
`$ErrorActionPreference = 'Stop'
`$env:AWS_ACCESS_KEY_ID = 'AKIALOCALAWSDEFAULT0'; `$env:AWS_SECRET_ACCESS_KEY = 'localaws-secret-default'
`$env:AWS_REGION = 'us-east-1'; `$env:AWS_ENDPOINT_URL = '$Url'; `$env:AWS_EC2_METADATA_DISABLED = 'true'
`$LocalAwsUrl = '$Url'
`$ModulePath = '$(Join-Path $script:Root 'out/AmiCmdlets/AmiCmdlets.psd1')'
`$DependencyPath = '$(Join-Path $script:Root 'out/AmiCmdlets/Dependencies')'
$Script
"@
    try {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $file 2>&1
        $clock.Stop()
        if ($LASTEXITCODE -ne 0) { throw "Benchmark script failed: $($output | Out-String)" }
        [pscustomobject]@{ Seconds = [Math]::Round($clock.Elapsed.TotalSeconds, 2); Calls = (Get-BenchCallCount $Url); Output = ($output | Out-String).Trim() }
    }
    finally { Remove-Item $file -ErrorAction Ignore }
}

# Scripts print "peakMB=<n>" (the pwsh process's peak working set) for this to pick up.
function New-BenchRow([string] $Benchmark, [ValidateSet('module', 'baseline', 'reference')] [string] $Kind, [string] $Scenario, $Measurement) {
    $peak = if ($Measurement.Output -match 'peakMB=(\d+)') { [int]$Matches[1] } else { $null }
    [pscustomobject]@{
        Benchmark   = $Benchmark
        Kind        = $Kind
        Scenario    = $Scenario
        WallSeconds = $Measurement.Seconds
        ApiCalls    = $Measurement.Calls
        PeakMB      = $peak
        Output      = $Measurement.Output
    }
}

# The line a benchmark script prints last, so its caller can read the peak working set.
$script:PeakLine = '"peakMB=$([Math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB))"'
function Get-PeakLine { $script:PeakLine }

Export-ModuleMember -Function Start-BenchLocalAws, Stop-LocalAws, Invoke-LocalAwsControl, Get-BenchCallCount, Measure-BenchScript, New-BenchRow, Get-PeakLine
