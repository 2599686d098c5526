# Starts and stops LocalAws as a child process for the Pester suite, the demo and the benchmarks.
Set-StrictMode -Version Latest

function Start-LocalAws {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Root,
        [string] $Configuration = 'Release',
        [double] $PendingSeconds = 0
    )
    $dll = Join-Path $Root "tests/LocalAws/bin/$Configuration/net10.0/LocalAws.dll"
    if (-not (Test-Path $dll)) { throw "LocalAws is not built: $dll is missing. Run ./build.ps1 -Task Build first." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--port', '0', '--pending-seconds', [string]$PendingSeconds)) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(60)) -or $readLine.Result -notmatch '(http://127\.0\.0\.1:\d+)') {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "LocalAws did not report its URL within 60 seconds (got: '$($readLine.Result)')."
    }
    $url = $Matches[1]
    Write-Host "LocalAws listening on $url"
    [pscustomobject]@{ Url = $url; Process = $process }
}

function Stop-LocalAws {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $LocalAws)
    $process = $LocalAws.Process
    if ($process -and -not $process.HasExited) {
        $process.Kill($true)
        $process.WaitForExit(10000) | Out-Null
    }
}

Export-ModuleMember -Function Start-LocalAws, Stop-LocalAws
