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
    <#
    .SYNOPSIS
    Starts LocalAws as a child process on 127.0.0.1 and returns its Url and Process.
    .PARAMETER AccountCount
    Adds this many generated accounts after the fixed three (--accounts): 100000000001, 100000000002, ...
    Their keys are computable: access key 'AKIALAWS<id>', secret 'localaws-secret-<id>'.
    .PARAMETER AccountId
    More accounts by id (12 digits each; --account, repeated), added after the generated ones.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Root,
        [string] $Configuration = 'Release',
        [double] $PendingSeconds = 0,
        [ValidateRange(0, 10000)] [int] $AccountCount = 0,
        [ValidatePattern('^\d{12}$')] [string[]] $AccountId = @()
    )
    $dll = Join-Path $Root "src/LocalAws/bin/$Configuration/net10.0/LocalAws.dll"
    if (-not (Test-Path $dll)) { throw "LocalAws is not built: $dll is missing. Run ./build.ps1 -Task Build first." }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $arguments = @($dll, '--port', '0', '--pending-seconds', [string]$PendingSeconds)
    if ($AccountCount -gt 0) { $arguments += @('--accounts', [string]$AccountCount) }
    foreach ($id in $AccountId) { $arguments += @('--account', $id) }
    foreach ($a in $arguments) { $start.ArgumentList.Add($a) }
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

function Reset-LocalAws {
    <#
    .SYNOPSIS
    Puts LocalAws back to its start-up state: base AMIs only; seeds, call counts, faults, settings (roleSessionSeconds
    included) and role refusals cleared. Accounts (fixed, started with, added by Add-LocalAwsAccount) and issued role
    sessions stay valid, because clients and profiles keep their keys.
    #>
    param([string] $Url)
    Invoke-LocalAwsControl 'reset' @{} -Url $Url | Out-Null
}

function Add-LocalAwsSeed([Parameter(Mandatory)] [hashtable] $Seed, [string] $Url) { Invoke-LocalAwsControl 'seed' $Seed -Url $Url }

# Replaces every injected fault; no -Faults clears them. Per account: @{ deny = @(@{ account = '...'; kind = 'authFailure' });
# unavailable = @(@{ region = 'eu-west-1'; account = '...' }); accountLatencyMs = @{ '...' = 100 }; throttle = @{ account = '...'; ... } }.
function Set-LocalAwsFault([hashtable] $Faults = @{}, [string] $Url) { Invoke-LocalAwsControl 'faults' $Faults -Url $Url | Out-Null }

# @{ pendingSeconds = @{ '*' = 0 }; deregisteredVisibleSeconds = @{ '*' = 0 }; roleSessionSeconds = 60 } (0 = back to DurationSeconds).
function Set-LocalAwsSetting([Parameter(Mandatory)] [hashtable] $Settings, [string] $Url) { Invoke-LocalAwsControl 'settings' $Settings -Url $Url | Out-Null }

function Get-LocalAwsCall {
    <#
    .SYNOPSIS
    API calls LocalAws counted since the last reset: rows of account, region, action, count, mutating and, for calls
    signed by a role session, roleArn (the IAM role ARN; absent for long-term keys).
    .PARAMETER Account
    Only calls signed in these accounts (long-term keys, or role sessions into them).
    .PARAMETER RoleArn
    Only calls signed by sessions of these roles (the ARN as given to AssumeRole).
    #>
    param([string] $Action, [switch] $Mutating, [string[]] $Account, [string[]] $RoleArn, [string] $Url)
    # Invoke-RestMethod writes a JSON array as one object; foreach over the variable walks its rows.
    $rows = Invoke-LocalAwsControl 'calls' -Url $Url
    foreach ($row in $rows) {
        if ($Action -and $row.action -ne $Action) { continue }
        if ($Mutating -and -not $row.mutating) { continue }
        if ($Account -and $row.account -notin $Account) { continue }
        # roleArn is left out of rows of long-term keys (and StrictMode forbids reading a missing property).
        $role = $row.PSObject.Properties['roleArn']
        if ($RoleArn -and (-not $role -or $role.Value -notin $RoleArn)) { continue }
        $row
    }
}

function Get-LocalAwsCallCount {
    <#
    .SYNOPSIS
    The sum of the counts of Get-LocalAwsCall with the same filters.
    #>
    param([string] $Action, [switch] $Mutating, [string[]] $Account, [string[]] $RoleArn, [string] $Url)
    $sum = 0
    foreach ($call in (Get-LocalAwsCall -Action $Action -Mutating:$Mutating -Account $Account -RoleArn $RoleArn -Url $Url)) { $sum += $call.count }
    $sum
}

function Add-LocalAwsAccount {
    <#
    .SYNOPSIS
    Adds accounts to a running LocalAws and returns each with its long-term keys.
    .DESCRIPTION
    POST /_localaws/accounts. Adding a known account is not an error: it returns its keys again, so this also looks
    keys up. Each account is a separate owner (images, snapshots, instances, KMS keys, its own alias/aws/ebs key) and
    any role in it can be assumed (arn:<aws|aws-cn|aws-us-gov>:iam::<id>:role/<name>). Added accounts survive
    Reset-LocalAws. Keys: the fixed three keep theirs; any other account uses 'AKIALAWS<id>' / 'localaws-secret-<id>'.
    .PARAMETER AccountId
    Accounts by id (12 digits).
    .PARAMETER Count
    How many generated accounts not known yet to add after the ids: 100000000001, 100000000002, ...
    .OUTPUTS
    Objects with AccountId, AccessKeyId, SecretAccessKey, ids first, then the generated ones, in order.
    .EXAMPLE
    $fleet = Add-LocalAwsAccount -Count 20
    .EXAMPLE
    Add-LocalAwsAccount -AccountId 210987654321 | Select-Object -ExpandProperty AccessKeyId
    #>
    [CmdletBinding()]
    param(
        [ValidatePattern('^\d{12}$')] [string[]] $AccountId = @(),
        [ValidateRange(0, 10000)] [int] $Count = 0,
        [string] $Url
    )
    $rows = Invoke-LocalAwsControl 'accounts' @{ accountIds = @($AccountId); count = $Count } -Url $Url
    foreach ($row in $rows) {
        [pscustomobject]@{ AccountId = $row.accountId; AccessKeyId = $row.accessKeyId; SecretAccessKey = $row.secretAccessKey }
    }
}

function Set-LocalAwsRoleRefusal {
    <#
    .SYNOPSIS
    Makes roles (or every role of whole accounts) refuse sts:AssumeRole, as a role that does not exist or does not
    trust the caller does on AWS: AccessDenied "User: <caller arn> is not authorized to perform: sts:AssumeRole on
    resource: <role arn>".
    .DESCRIPTION
    POST /_localaws/role-refusals. Replaces the previous refusals; with no parameters it clears them (Reset-LocalAws
    clears them too). A role is matched by account and name (case-insensitive), whatever its path or partition.
    .PARAMETER RoleArn
    Role ARNs that refuse (arn:aws:iam::123456789012:role/Name; aws-cn and aws-us-gov too).
    .PARAMETER Account
    Accounts whose every role refuses.
    .PARAMETER RequireExternalId
    Role ARN -> the ExternalId its trust policy requires; AssumeRole without exactly that value is refused.
    .EXAMPLE
    Set-LocalAwsRoleRefusal -RoleArn 'arn:aws:iam::100000000003:role/AmiAdmin'
    .EXAMPLE
    Set-LocalAwsRoleRefusal    # clears every refusal
    #>
    [CmdletBinding()]
    param(
        [string[]] $RoleArn = @(),
        [ValidatePattern('^\d{12}$')] [string[]] $Account = @(),
        [hashtable] $RequireExternalId = @{},
        [string] $Url
    )
    Invoke-LocalAwsControl 'role-refusals' @{ roleArns = @($RoleArn); accounts = @($Account); requireExternalId = $RequireExternalId } -Url $Url | Out-Null
}

Export-ModuleMember -Function *
