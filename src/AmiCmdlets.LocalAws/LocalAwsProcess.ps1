# Starting and stopping LocalAws as a child process (dot-sourced by AmiCmdlets.LocalAws.psm1: module scope).
Set-StrictMode -Version Latest

# Which LocalAws to run: an explicit path, a build in a clone (-Root), LOCALAWS_PATH, or the installed tool.
function Resolve-LocalAwsCommand([string] $Path, [string] $Root, [string] $Configuration) {
    if (-not $Path -and $Root) {
        $Path = Join-Path $Root "src/LocalAws/bin/$Configuration/net10.0/LocalAws.dll"
        if (-not (Test-Path $Path)) { throw "LocalAws is not built: $Path is missing. Run ./build.ps1 -Task Build first." }
    }
    if (-not $Path) { $Path = $env:LOCALAWS_PATH }
    if (-not $Path) {
        $tool = Get-Command localaws -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $tool) {
            throw "LocalAws is not installed: 'localaws' is not on PATH. Install it with 'dotnet tool install --global LocalAws' (or --add-source <folder with LocalAws.<version>.nupkg>), or pass -Path."
        }
        $Path = $tool.Source
    }
    if (-not (Test-Path $Path)) { throw "LocalAws not found at '$Path'." }
    # A framework-dependent LocalAws.dll runs under dotnet; the tool's shim (or an apphost) runs by itself.
    if ($Path -like '*.dll') { @{ FileName = 'dotnet'; Arguments = @((Resolve-Path $Path).Path) } }
    else { @{ FileName = (Resolve-Path $Path).Path; Arguments = @() } }
}

function Start-LocalAws {
    <#
    .SYNOPSIS
    Starts LocalAws as a child process on a free 127.0.0.1 port, waits until it answers, and returns its Url, Process,
    and the default account's keys.
    .DESCRIPTION
    Runs the installed 'localaws' tool (dotnet tool install LocalAws), or the one -Path, LOCALAWS_PATH or -Root names.
    LocalAws binds 127.0.0.1 only. The returned object has Url, Process, AccountId, AccessKeyId, SecretAccessKey and
    Region; the control-plane functions of this module use it when neither -Url nor LOCALAWS_URL says otherwise.
    With -SetEnvironment the AWS environment variables point every AWS SDK client of this session (AmiCmdlets, AWS
    Tools, the AWS CLI) at it as the default account; Stop-LocalAws puts them back.
    The child process ends when this PowerShell process ends (its stdin is a pipe from here).
    .PARAMETER Path
    The LocalAws to run: the 'localaws' executable or LocalAws.dll. Default: LOCALAWS_PATH, else 'localaws' on PATH.
    .PARAMETER Root
    A clone of the AmiCmdlets repository: runs its build (src/LocalAws/bin/<Configuration>/net10.0/LocalAws.dll).
    .PARAMETER Configuration
    With -Root: which build (Release or Debug).
    .PARAMETER PendingSeconds
    How long images created through the API stay 'pending' (--pending-seconds).
    .PARAMETER AccountCount
    Adds this many generated accounts after the fixed three (--accounts): 100000000001, 100000000002, ...
    Their keys are computable: access key 'AKIALAWS<id>', secret 'localaws-secret-<id>'.
    .PARAMETER AccountId
    More accounts by id (12 digits each; --account, repeated), added after the generated ones.
    .PARAMETER SetEnvironment
    Sets AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (-Region), AWS_EC2_METADATA_DISABLED and
    LOCALAWS_URL, and clears AWS_SESSION_TOKEN and AWS_PROFILE, until Stop-LocalAws.
    .PARAMETER Region
    The region -SetEnvironment sets (LocalAws serves every region on one endpoint).
    .PARAMETER TimeoutSeconds
    How long to wait for LocalAws to answer.
    .EXAMPLE
    BeforeAll { Start-LocalAws -SetEnvironment }
    AfterAll { Stop-LocalAws }
    .EXAMPLE
    $aws = Start-LocalAws -AccountCount 20; Get-LocalAwsCall -Url $aws.Url; Stop-LocalAws $aws
    #>
    [CmdletBinding()]
    param(
        [string] $Path,
        [string] $Root,
        [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release',
        [double] $PendingSeconds = 0,
        [ValidateRange(0, 10000)] [int] $AccountCount = 0,
        [ValidatePattern('^\d{12}$')] [string[]] $AccountId = @(),
        [switch] $SetEnvironment,
        [string] $Region = 'us-east-1',
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60
    )
    $command = Resolve-LocalAwsCommand -Path $Path -Root $Root -Configuration $Configuration
    $start = [System.Diagnostics.ProcessStartInfo]::new($command.FileName)
    $arguments = @($command.Arguments) + @('--port', '0', '--pending-seconds', ([string][double]$PendingSeconds))
    if ($AccountCount -gt 0) { $arguments += @('--accounts', [string]$AccountCount) }
    foreach ($id in $AccountId) { $arguments += @('--account', $id) }
    foreach ($a in $arguments) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    # LocalAws stops when its stdin (a pipe from here) closes: it never outlives this process.
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $readLine.Result -notmatch '^LocalAws listening on (http://127\.0\.0\.1:\d+)$') {
        $got = if ($readLine.IsCompleted) { $readLine.Result } else { '' }
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "LocalAws did not report its URL within $TimeoutSeconds seconds (got: '$got')."
    }
    $url = $Matches[1]
    # The line comes once Kestrel listens; one control-plane request proves it answers. A bare HttpClient: the first
    # Invoke-RestMethod of a session costs more than LocalAws's whole start.
    $http = [System.Net.Http.HttpClient]::new()
    try {
        $http.Timeout = [TimeSpan]::FromSeconds($TimeoutSeconds)
        $http.GetStringAsync("$url/_localaws/accounts").GetAwaiter().GetResult() | Out-Null
    }
    finally { $http.Dispose() }
    Write-Verbose "LocalAws listening on $url"
    $account = $script:Accounts.Default
    $localAws = [pscustomobject]@{
        PSTypeName = 'AmiCmdlets.LocalAws.Instance'
        Url = $url; Process = $process
        AccountId = $account.Id; AccessKeyId = $account.AccessKey; SecretAccessKey = $account.SecretKey; Region = $Region
        SavedEnvironment = $null
    }
    if ($SetEnvironment) {
        $saved = @{}
        foreach ($name in $script:EnvironmentNames) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        $localAws.SavedEnvironment = $saved
        $env:AWS_ENDPOINT_URL = $url
        $env:AWS_ACCESS_KEY_ID = $account.AccessKey
        $env:AWS_SECRET_ACCESS_KEY = $account.SecretKey
        $env:AWS_REGION = $Region
        $env:AWS_EC2_METADATA_DISABLED = 'true'
        $env:LOCALAWS_URL = $url
        Remove-Item Env:AWS_SESSION_TOKEN, Env:AWS_PROFILE -ErrorAction Ignore
    }
    $script:Current = $localAws
    $localAws
}

function Stop-LocalAws {
    <#
    .SYNOPSIS
    Stops a LocalAws that Start-LocalAws started (default: the last one) and puts back the environment variables
    -SetEnvironment changed.
    .PARAMETER LocalAws
    The object Start-LocalAws returned.
    .EXAMPLE
    AfterAll { Stop-LocalAws }
    #>
    [CmdletBinding()]
    param([Parameter(Position = 0)] $LocalAws)
    if (-not $LocalAws) { $LocalAws = $script:Current }
    if (-not $LocalAws) { return }
    $process = $LocalAws.Process
    if ($process -and -not $process.HasExited) {
        $process.Kill($true)
        $process.WaitForExit(10000) | Out-Null
    }
    $saved = $LocalAws.PSObject.Properties['SavedEnvironment']
    if ($saved -and $saved.Value) {
        # Set-Item/Remove-Item: PowerShell passes $null to a .NET string parameter as "", which would leave it set.
        foreach ($name in $saved.Value.Keys) {
            if ($null -eq $saved.Value[$name]) { Remove-Item "Env:$name" -ErrorAction Ignore } else { Set-Item "Env:$name" $saved.Value[$name] }
        }
        $LocalAws.SavedEnvironment = $null
    }
    if ([object]::ReferenceEquals($LocalAws, $script:Current)) { $script:Current = $null }
}
