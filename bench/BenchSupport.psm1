# Shared by the benchmarks: timing a script in a fresh pwsh against LocalAws (started, seeded and counted
# through AmiCmdlets.LocalAws), and the rows the benchmarks report.
Set-StrictMode -Version Latest
$script:Root = Split-Path $PSScriptRoot -Parent
$script:LocalAwsModule = Join-Path $script:Root 'src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1'
Import-Module $script:LocalAwsModule

function Start-BenchLocalAws { Start-LocalAws -Root $script:Root -Configuration Release }

# Runs $Script in a fresh pwsh pointed at LocalAws as the default account, with AmiCmdlets.LocalAws imported
# (Add-LocalAwsSeed, Set-LocalAwsFault ...); returns wall seconds, API calls (LocalAws counters reset before)
# and the script's output.
function Measure-BenchScript([string] $Url, [string] $Script) {
    Reset-LocalAws -Url $Url
    $account = Get-LocalAwsAccount
    $file = Join-Path ([IO.Path]::GetTempPath()) ("bench-" + [guid]::NewGuid() + '.ps1')
    Set-Content $file @"
`$ErrorActionPreference = 'Stop'
`$env:AWS_ACCESS_KEY_ID = '$($account.AccessKey)'; `$env:AWS_SECRET_ACCESS_KEY = '$($account.SecretKey)'
`$env:AWS_REGION = 'us-east-1'; `$env:AWS_ENDPOINT_URL = '$Url'; `$env:AWS_EC2_METADATA_DISABLED = 'true'
`$LocalAwsUrl = `$env:LOCALAWS_URL = '$Url'
Import-Module '$script:LocalAwsModule'
`$ModulePath = '$(Join-Path $script:Root 'out/AmiCmdlets/AmiCmdlets.psd1')'
`$DependencyPath = '$(Join-Path $script:Root 'out/AmiCmdlets/Dependencies')'
$Script
"@
    try {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $file 2>&1
        $clock.Stop()
        if ($LASTEXITCODE -ne 0) { throw "Benchmark script failed: $($output | Out-String)" }
        [pscustomobject]@{ Seconds = [Math]::Round($clock.Elapsed.TotalSeconds, 2); Calls = (Get-LocalAwsCallCount -Url $Url); Output = ($output | Out-String).Trim() }
    }
    finally { Remove-Item $file -ErrorAction Ignore }
}

# What a plain-SDK baseline script starts with: the SDK the module ships, and $ec2, a client for us-east-1.
function Get-BaselineClientScript {
    @'
Add-Type -Path (Join-Path $DependencyPath 'AWSSDK.Core.dll'), (Join-Path $DependencyPath 'AWSSDK.EC2.dll')
$config = [Amazon.EC2.AmazonEC2Config]::new(); $config.ServiceURL = $LocalAwsUrl; $config.AuthenticationRegion = 'us-east-1'
$ec2 = [Amazon.EC2.AmazonEC2Client]::new([Amazon.Runtime.BasicAWSCredentials]::new($env:AWS_ACCESS_KEY_ID, $env:AWS_SECRET_ACCESS_KEY), $config)
'@
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

Export-ModuleMember -Function Start-BenchLocalAws, Stop-LocalAws, Measure-BenchScript, Get-BaselineClientScript, New-BenchRow, Get-PeakLine
