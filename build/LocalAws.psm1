# LocalAws for build.ps1, the Pester suite, the benchmarks and the demo, written once: starting and stopping
# it as a child process, its accounts, its control plane (/_localaws/*), and the pwsh that child scripts run in.
# The control-plane functions take -Url, or read LOCALAWS_URL (set for the Pester suite and benchmark scripts).
Set-StrictMode -Version Latest

$script:Accounts = @{
    Default = @{ Id = '123456789012'; AccessKey = 'AKIALOCALAWSDEFAULT0'; SecretKey = 'localaws-secret-default' }
    B       = @{ Id = '111122223333'; AccessKey = 'AKIALOCALAWSACCOUNTB'; SecretKey = 'localaws-secret-b' }
    C       = @{ Id = '444455556666'; AccessKey = 'AKIALOCALAWSACCOUNTC'; SecretKey = 'localaws-secret-c' }
}

# pwsh runs as a dotnet tool here, so this process is 'dotnet': start the pwsh apphost beside it instead.
function Get-PwshPath {
    $apphost = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }
}

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

function Get-LocalAwsAccount([ValidateSet('Default', 'B', 'C')] [string] $Name = 'Default') { $script:Accounts[$Name] }

function Get-LocalAwsUrl([string] $Url) {
    if (-not $Url) { $Url = $env:LOCALAWS_URL }
    if (-not $Url) { throw 'LOCALAWS_URL is not set: run the suite through ./build.ps1 -Task Test.' }
    $Url.TrimEnd('/')
}

# One control-plane request: POST with -Body as JSON, GET without it.
function Invoke-LocalAwsControl([Parameter(Mandatory)] [string] $Path, [hashtable] $Body, [string] $Url) {
    $uri = "$(Get-LocalAwsUrl $Url)/_localaws/$Path"
    if ($null -eq $Body) { return Invoke-RestMethod -Uri $uri }
    Invoke-RestMethod -Method Post -Uri $uri -Body ($Body | ConvertTo-Json -Depth 10) -ContentType 'application/json'
}

function Reset-LocalAws([string] $Url) { Invoke-LocalAwsControl 'reset' @{} -Url $Url | Out-Null }

function Add-LocalAwsSeed([Parameter(Mandatory)] [hashtable] $Seed, [string] $Url) { Invoke-LocalAwsControl 'seed' $Seed -Url $Url }

# Replaces every injected fault; no -Faults clears them.
function Set-LocalAwsFault([hashtable] $Faults = @{}, [string] $Url) { Invoke-LocalAwsControl 'faults' $Faults -Url $Url | Out-Null }

function Set-LocalAwsSetting([Parameter(Mandatory)] [hashtable] $Settings, [string] $Url) { Invoke-LocalAwsControl 'settings' $Settings -Url $Url | Out-Null }

function Get-LocalAwsCall([string] $Action, [switch] $Mutating, [string] $Url) {
    # Invoke-RestMethod writes a JSON array as one object; foreach over the variable walks its rows.
    $rows = Invoke-LocalAwsControl 'calls' -Url $Url
    foreach ($row in $rows) {
        if ($Action -and $row.action -ne $Action) { continue }
        if ($Mutating -and -not $row.mutating) { continue }
        $row
    }
}

function Get-LocalAwsCallCount([string] $Action, [switch] $Mutating, [string] $Url) {
    $sum = 0
    foreach ($call in (Get-LocalAwsCall -Action $Action -Mutating:$Mutating -Url $Url)) { $sum += $call.count }
    $sum
}

Export-ModuleMember -Function *
