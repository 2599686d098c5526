#Requires -Version 7.2
<#
.SYNOPSIS
    Import-Module time and the first call's time in a fresh pwsh, against loading the plain SDK by hand.
.DESCRIPTION
    Each scenario runs 5 times in a fresh pwsh against LocalAws (no injected latency); the median is kept.
    - module: Import-Module AmiCmdlets, then the first Get-Ami (the SDK loads on that call, not at import);
    - baseline: Add-Type of AWSSDK.Core and AWSSDK.EC2, then the same DescribeImages with the plain SDK.
    Run after `./build.ps1 -Task Build`:  dotnet pwsh ./bench/import.ps1
#>
param([int] $Runs = 5)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force

$moduleScript = @"
`$clock = [Diagnostics.Stopwatch]::StartNew()
Import-Module `$ModulePath
`$import = `$clock.Elapsed.TotalMilliseconds
`$null = Get-Ami -Owner amazon
"importMs=`$([Math]::Round(`$import)) firstCallMs=`$([Math]::Round(`$clock.Elapsed.TotalMilliseconds - `$import))"
$(Get-PeakLine)
"@
$baselineScript = @"
`$clock = [Diagnostics.Stopwatch]::StartNew()
Add-Type -Path (Join-Path `$DependencyPath 'AWSSDK.Core.dll'), (Join-Path `$DependencyPath 'AWSSDK.EC2.dll')
`$import = `$clock.Elapsed.TotalMilliseconds
`$config = [Amazon.EC2.AmazonEC2Config]::new(); `$config.ServiceURL = `$LocalAwsUrl; `$config.AuthenticationRegion = 'us-east-1'
`$ec2 = [Amazon.EC2.AmazonEC2Client]::new([Amazon.Runtime.BasicAWSCredentials]::new(`$env:AWS_ACCESS_KEY_ID, `$env:AWS_SECRET_ACCESS_KEY), `$config)
`$null = `$ec2.DescribeImagesAsync([Amazon.EC2.Model.DescribeImagesRequest]@{ Owners = [Collections.Generic.List[string]]@('amazon') }).GetAwaiter().GetResult()
"importMs=`$([Math]::Round(`$import)) firstCallMs=`$([Math]::Round(`$clock.Elapsed.TotalMilliseconds - `$import))"
$(Get-PeakLine)
"@

function Get-Median([double[]] $values) { ($values | Sort-Object)[[int][Math]::Floor($values.Count / 2)] }

$localAws = Start-BenchLocalAws
try {
    $rows = foreach ($case in @(@{ Kind = 'module'; Name = 'Import-Module AmiCmdlets, then the first Get-Ami'; Script = $moduleScript },
                                @{ Kind = 'baseline'; Name = 'Add-Type AWSSDK.Core + AWSSDK.EC2, then the first DescribeImages'; Script = $baselineScript })) {
        $measurements = 1..$Runs | ForEach-Object { Measure-BenchScript $localAws.Url $case.Script }
        $import = Get-Median ($measurements | ForEach-Object { [double]([regex]::Match($_.Output, 'importMs=(\d+)').Groups[1].Value) })
        $first = Get-Median ($measurements | ForEach-Object { [double]([regex]::Match($_.Output, 'firstCallMs=(\d+)').Groups[1].Value) })
        $median = $measurements | Sort-Object Seconds | Select-Object -Index ([int][Math]::Floor($Runs / 2))
        $row = New-BenchRow 'import' $case.Kind $case.Name $median
        $row.Output = "import $import ms, first call $first ms (medians of $Runs fresh pwsh runs; wall includes pwsh start)"
        $row
    }
    $rows | Format-Table Scenario, WallSeconds, ApiCalls, PeakMB, Output -AutoSize | Out-String -Width 200 | Write-Host
    $rows
}
finally { Stop-LocalAws $localAws }
