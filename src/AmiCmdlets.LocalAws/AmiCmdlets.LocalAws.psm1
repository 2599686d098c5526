# AmiCmdlets.LocalAws: the PowerShell client of LocalAws, the local EC2/KMS/STS emulator, and the ONE control-plane
# client of the project (its Pester suite, benchmarks, demo and build.ps1 use it; users use it in their own Pester
# files). It starts and stops LocalAws as a child process on 127.0.0.1, knows its accounts, and drives its control
# plane (/_localaws/*). The control-plane functions take -Url, else read LOCALAWS_URL, else use the LocalAws the last
# Start-LocalAws of this session started.
Set-StrictMode -Version Latest

$script:Accounts = @{
    Default = @{ Id = '123456789012'; AccessKey = 'AKIALOCALAWSDEFAULT0'; SecretKey = 'localaws-secret-default' }
    B       = @{ Id = '111122223333'; AccessKey = 'AKIALOCALAWSACCOUNTB'; SecretKey = 'localaws-secret-b' }
    C       = @{ Id = '444455556666'; AccessKey = 'AKIALOCALAWSACCOUNTC'; SecretKey = 'localaws-secret-c' }
}

# The LocalAws the last Start-LocalAws started (Stop-LocalAws and the control-plane functions default to it).
$script:Current = $null
# What Start-LocalAws -SetEnvironment set, so Stop-LocalAws puts it back.
$script:EnvironmentNames = 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED', 'LOCALAWS_URL'

function Get-PwshPath {
    <#
    .SYNOPSIS
    The pwsh executable to start child scripts with.
    .DESCRIPTION
    When pwsh runs as a dotnet tool the current process is 'dotnet': this returns the pwsh apphost beside it instead.
    .EXAMPLE
    & (Get-PwshPath) -NoProfile -File ./child.ps1
    #>
    $apphost = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }
}

function Get-LocalAwsAccount {
    <#
    .SYNOPSIS
    One of LocalAws's three fixed accounts: a hashtable with Id, AccessKey and SecretKey.
    .PARAMETER Name
    Default (123456789012), B (111122223333) or C (444455556666).
    .EXAMPLE
    (Get-LocalAwsAccount B).Id
    #>
    param([ValidateSet('Default', 'B', 'C')] [string] $Name = 'Default')
    $script:Accounts[$Name]
}

function Get-LocalAwsUrl {
    <#
    .SYNOPSIS
    The base URL of LocalAws (no trailing slash): -Url, else LOCALAWS_URL, else the one Start-LocalAws last started.
    .EXAMPLE
    $env:AWS_ENDPOINT_URL_EC2 = Get-LocalAwsUrl
    #>
    param([string] $Url)
    if (-not $Url) { $Url = $env:LOCALAWS_URL }
    if (-not $Url -and $script:Current) { $Url = $script:Current.Url }
    if (-not $Url) { throw 'No LocalAws: call Start-LocalAws first, or set LOCALAWS_URL (build.ps1 -Task Test sets it for the suite).' }
    $Url.TrimEnd('/')
}

function Invoke-LocalAwsControl {
    <#
    .SYNOPSIS
    One control-plane request (/_localaws/<Path>): POST with -Body as JSON, GET without it. Returns the parsed reply.
    .PARAMETER Path
    reset, seed, calls, faults, finish-pending, settings, accounts, role-refusals (see LocalAws's README).
    .PARAMETER Body
    The JSON document as a hashtable; absent: GET.
    .EXAMPLE
    Invoke-LocalAwsControl 'finish-pending' @{}
    #>
    param([Parameter(Mandatory)] [string] $Path, [hashtable] $Body, [string] $Url)
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
    .EXAMPLE
    BeforeEach { Reset-LocalAws }
    #>
    param([string] $Url)
    Invoke-LocalAwsControl 'reset' @{} -Url $Url | Out-Null
}

function Add-LocalAwsSeed {
    <#
    .SYNOPSIS
    Creates resources directly in one account and region (POST /_localaws/seed) and returns the ids made.
    .DESCRIPTION
    The whole seed document: account, region, images, instances, keys, launchTemplates, bulkImages, recycleBinImages,
    retentionRules (LocalAws README, "Control plane"). Add-LocalAwsImage, Add-LocalAwsInstance, Add-LocalAwsKey and
    Add-LocalAwsLaunchTemplate are the one-kind shortcuts. Returns imageIds, snapshotIds, instanceIds, volumeIds,
    bulkImageIds, launchTemplateIds, keyIds, keyArns.
    .EXAMPLE
    Add-LocalAwsSeed @{ region = 'eu-west-1'; images = @(@{ name = 'web-1' }); instances = @(@{ imageId = 'ami-...' }) }
    #>
    param([Parameter(Mandatory)] [hashtable] $Seed, [string] $Url)
    Invoke-LocalAwsControl 'seed' $Seed -Url $Url
}

function Set-LocalAwsFault {
    <#
    .SYNOPSIS
    Replaces every injected fault (POST /_localaws/faults); with no -Faults it clears them.
    .PARAMETER Faults
    latencyMs (action or '*' -> ms), jitterMs, throttle/throttles (@{ action; nextN | fraction; seed; region; account }),
    unavailableRegions, unavailable (@{ region; account }), deny (@{ account; kind = 'authFailure' | ... }),
    accountLatencyMs, failNextImages, failNextCopies, holdAfter.
    .EXAMPLE
    Set-LocalAwsFault @{ throttle = @{ action = 'DescribeImages'; nextN = 2 } }
    .EXAMPLE
    Set-LocalAwsFault    # clears every fault
    #>
    param([hashtable] $Faults = @{}, [string] $Url)
    Invoke-LocalAwsControl 'faults' $Faults -Url $Url | Out-Null
}

function Set-LocalAwsSetting {
    <#
    .SYNOPSIS
    Changes emulator timings (POST /_localaws/settings).
    .PARAMETER Settings
    pendingSeconds and deregisteredVisibleSeconds (region or '*' -> seconds), roleSessionSeconds (0 = back to
    DurationSeconds), usageReportSeconds, failNextUsageReports, snapshotArchiveSeconds, snapshotRestoreSeconds.
    .EXAMPLE
    Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 0 } }
    #>
    param([Parameter(Mandatory)] [hashtable] $Settings, [string] $Url)
    Invoke-LocalAwsControl 'settings' $Settings -Url $Url | Out-Null
}

function Get-LocalAwsCall {
    <#
    .SYNOPSIS
    API calls LocalAws counted since the last reset: rows of account, region, action, count, mutating and, for calls
    signed by a role session, roleArn (the IAM role ARN; absent for long-term keys).
    .PARAMETER Account
    Only calls signed in these accounts (long-term keys, or role sessions into them).
    .PARAMETER RoleArn
    Only calls signed by sessions of these roles (the ARN as given to AssumeRole).
    .EXAMPLE
    Get-LocalAwsCall -Mutating | Format-Table account, region, action, count
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
    .EXAMPLE
    Get-LocalAwsCallCount -Action DeregisterImage
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

function Set-LocalAwsProvisioning {
    <#
    .SYNOPSIS
    Says what a build instance's user data does: stops after some seconds printing lines, fails with a line, never
    stops, or terminates itself; for Invoke-GoldenAmiBuild tests and your own.
    .DESCRIPTION
    POST /_localaws/provisioning. With -InstanceId it applies to that instance at once (its clock restarts now);
    otherwise it is a rule for instances launched from now on whose tag -TagKey (with -TagValue when given) matches or
    whose image is -ImageId. The last matching rule wins; -Clear drops every rule first; Reset-LocalAws clears them.
    Without any rule an instance launched with user data prints the script's echo lines and stops after the region's
    pending time, as a script that ends by shutting down would.
    .PARAMETER Outcome
    stop (default), fail (prints -FailLine and keeps running), never (keeps running), terminate (the instance is gone).
    .PARAMETER Seconds
    Seconds from launch until the outcome; the lines appear evenly over this time. Default: the region's pending time.
    .PARAMETER Line
    The console lines the script prints; default: the script's own echo lines.
    .EXAMPLE
    Set-LocalAwsProvisioning -TagKey 'AmiCmdlets:BuildId' -Outcome fail -Seconds 0 -FailLine 'BUILD FAILED: dnf exited 1'
    .EXAMPLE
    Set-LocalAwsProvisioning -Clear
    #>
    [CmdletBinding()]
    param(
        [string] $InstanceId,
        [string] $TagKey,
        [string] $TagValue,
        [string] $ImageId,
        [ValidateSet('stop', 'fail', 'never', 'terminate')] [string] $Outcome = 'stop',
        [Nullable[double]] $Seconds,
        [string[]] $Line,
        [string] $FailLine,
        [switch] $Clear,
        [string] $Url
    )
    $body = @{ outcome = $Outcome; clear = [bool]$Clear }
    foreach ($name in 'InstanceId', 'TagKey', 'TagValue', 'ImageId', 'FailLine') {
        if ($PSBoundParameters.ContainsKey($name)) { $body[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $PSBoundParameters[$name] }
    }
    if ($null -ne $Seconds) { $body.seconds = $Seconds }
    if ($Line) { $body.lines = @($Line) }
    Invoke-LocalAwsControl 'provisioning' $body -Url $Url | Out-Null
}

. (Join-Path $PSScriptRoot 'LocalAwsProcess.ps1')
. (Join-Path $PSScriptRoot 'LocalAwsSeeding.ps1')

Export-ModuleMember -Function Get-PwshPath, Start-LocalAws, Stop-LocalAws, Get-LocalAwsAccount, Get-LocalAwsUrl, Invoke-LocalAwsControl,
    Reset-LocalAws, Add-LocalAwsSeed, Set-LocalAwsFault, Set-LocalAwsSetting, Get-LocalAwsCall, Get-LocalAwsCallCount, Add-LocalAwsAccount,
    Set-LocalAwsRoleRefusal, Set-LocalAwsProvisioning, Add-LocalAwsImage, Add-LocalAwsInstance, Add-LocalAwsKey, Add-LocalAwsLaunchTemplate, Complete-LocalAwsPending
