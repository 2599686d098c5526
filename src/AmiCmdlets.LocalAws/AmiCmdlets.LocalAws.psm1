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
    #>
    $apphost = Join-Path $PSHOME ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (Test-Path $apphost) { $apphost } else { [Environment]::ProcessPath }
}

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
    # The line comes once Kestrel listens; one control-plane request proves it answers.
    Invoke-RestMethod -Uri "$url/_localaws/accounts" -TimeoutSec $TimeoutSeconds | Out-Null
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
        foreach ($name in $saved.Value.Keys) { [Environment]::SetEnvironmentVariable($name, $saved.Value[$name]) }
        $LocalAws.SavedEnvironment = $null
    }
    if ([object]::ReferenceEquals($LocalAws, $script:Current)) { $script:Current = $null }
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

# One kind of seed in one account and region: the document Add-LocalAwsSeed takes, with account and region filled in.
function Invoke-LocalAwsSeedOf([string] $Kind, [object[]] $Items, [string] $AccountId, [string] $Region, [string] $Url) {
    if (-not $AccountId) { $AccountId = $script:Accounts.Default.Id }
    Add-LocalAwsSeed @{ account = $AccountId; region = $Region; $Kind = @($Items) } -Url $Url
}

# Adds a hashtable entry only when the caller gave the parameter, so LocalAws's defaults apply otherwise.
function Add-IfBound([hashtable] $Target, [hashtable] $Bound, [string] $Parameter, [string] $Key, $Value) {
    if ($Bound.ContainsKey($Parameter)) { $Target[$Key] = $Value }
}

function Add-LocalAwsImage {
    <#
    .SYNOPSIS
    Seeds AMIs (each with its own new snapshot) in one account and region, as if they had been registered there.
    .DESCRIPTION
    One image per -Name, all with the same other settings. For everything else the seed document can say (block
    devices, product codes, findings, ...) use Add-LocalAwsSeed.
    .PARAMETER Name
    Image names (unique per account and region, as on AWS).
    .PARAMETER ImageId
    Fixed ids, one per name ('ami-' + 8 or 17 hex digits); generated when absent.
    .PARAMETER Tag
    Tags of every image.
    .PARAMETER State
    pending, available (default), failed or disabled.
    .PARAMETER CreationDate
    The image's creation date (default: now), for age-based retention tests.
    .PARAMETER DeprecationTime
    When the image is (or was) deprecated.
    .PARAMETER Public
    Launchable by everyone.
    .PARAMETER LaunchPermission
    Accounts given launch permission.
    .PARAMETER Encrypted
    Encrypted snapshots (with -KmsKeyId, else alias/aws/ebs).
    .PARAMETER KmsKeyId
    Key id, ARN or alias of the snapshots' KMS key.
    .PARAMETER Platform
    'windows' for a Windows image (30 GiB root); default Linux (8 GiB).
    .PARAMETER DeregistrationProtection
    Seeds the image with deregistration protection on.
    .PARAMETER AccountId
    The owning account (default 123456789012).
    .PARAMETER Region
    The region (default us-east-1).
    .OUTPUTS
    Objects with ImageId, Name, AccountId, Region, in the order of -Name.
    .EXAMPLE
    $old = Add-LocalAwsImage -Name 'web-2024-01-01' -CreationDate (Get-Date).AddDays(-400) -Tag @{ Role = 'web' }
    .EXAMPLE
    Add-LocalAwsImage -Name base-1, base-2 -Region eu-west-1 -AccountId 111122223333
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string[]] $Name,
        [string[]] $ImageId,
        [hashtable] $Tag,
        [ValidateSet('pending', 'available', 'failed', 'disabled')] [string] $State,
        [datetime] $CreationDate,
        [datetime] $DeprecationTime,
        [switch] $Public,
        [ValidatePattern('^\d{12}$')] [string[]] $LaunchPermission,
        [switch] $Encrypted,
        [string] $KmsKeyId,
        [ValidateSet('windows')] [string] $Platform,
        [switch] $DeregistrationProtection,
        [ValidatePattern('^\d{12}$')] [string] $AccountId,
        [string] $Region = 'us-east-1',
        [string] $Url
    )
    if ($ImageId -and $ImageId.Count -ne $Name.Count) { throw "-ImageId needs one id per name ($($Name.Count))." }
    $images = for ($i = 0; $i -lt $Name.Count; $i++) {
        $image = @{ name = $Name[$i] }
        if ($ImageId) { $image.imageId = $ImageId[$i] }
        Add-IfBound $image $PSBoundParameters 'Tag' 'tags' $Tag
        Add-IfBound $image $PSBoundParameters 'State' 'state' $State
        Add-IfBound $image $PSBoundParameters 'CreationDate' 'creationDate' $CreationDate.ToUniversalTime().ToString('o')
        Add-IfBound $image $PSBoundParameters 'DeprecationTime' 'deprecationTime' $DeprecationTime.ToUniversalTime().ToString('o')
        Add-IfBound $image $PSBoundParameters 'Public' 'public' ([bool]$Public)
        Add-IfBound $image $PSBoundParameters 'LaunchPermission' 'launchPermissions' @($LaunchPermission)
        Add-IfBound $image $PSBoundParameters 'Encrypted' 'encrypted' ([bool]$Encrypted)
        Add-IfBound $image $PSBoundParameters 'KmsKeyId' 'kmsKeyId' $KmsKeyId
        Add-IfBound $image $PSBoundParameters 'Platform' 'platform' $Platform
        Add-IfBound $image $PSBoundParameters 'DeregistrationProtection' 'deregistrationProtection' ([bool]$DeregistrationProtection)
        $image
    }
    $result = Invoke-LocalAwsSeedOf 'images' $images $AccountId $Region $Url
    $owner = if ($AccountId) { $AccountId } else { $script:Accounts.Default.Id }
    for ($i = 0; $i -lt $Name.Count; $i++) {
        [pscustomobject]@{ ImageId = $result.imageIds[$i]; Name = $Name[$i]; AccountId = $owner; Region = $Region }
    }
}

function Add-LocalAwsInstance {
    <#
    .SYNOPSIS
    Seeds EC2 instances launched from an image (so the image counts as in use).
    .PARAMETER ImageId
    The image the instances run.
    .PARAMETER Count
    How many instances (default 1).
    .PARAMETER State
    pending, running (default), stopping, stopped, shutting-down or terminated.
    .PARAMETER InstanceType
    Default t3.micro.
    .PARAMETER Tag
    Tags of every instance.
    .PARAMETER AccountId
    The account (default 123456789012).
    .PARAMETER Region
    The region (default us-east-1).
    .OUTPUTS
    Objects with InstanceId, ImageId, State, AccountId, Region.
    .EXAMPLE
    Add-LocalAwsInstance -ImageId $image.ImageId -State stopped
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [string] $ImageId,
        [ValidateRange(1, 1000)] [int] $Count = 1,
        [ValidateSet('pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated')] [string] $State = 'running',
        [string] $InstanceType = 't3.micro',
        [hashtable] $Tag,
        [ValidatePattern('^\d{12}$')] [string] $AccountId,
        [string] $Region = 'us-east-1',
        [string] $Url
    )
    process {
        $instances = foreach ($i in 1..$Count) {
            $instance = @{ imageId = $ImageId; state = $State; instanceType = $InstanceType }
            if ($Tag) { $instance.tags = $Tag }
            $instance
        }
        $result = Invoke-LocalAwsSeedOf 'instances' $instances $AccountId $Region $Url
        $owner = if ($AccountId) { $AccountId } else { $script:Accounts.Default.Id }
        foreach ($id in $result.instanceIds) {
            [pscustomobject]@{ InstanceId = $id; ImageId = $ImageId; State = $State; AccountId = $owner; Region = $Region }
        }
    }
}

function Add-LocalAwsKey {
    <#
    .SYNOPSIS
    Seeds a customer-managed KMS key (symmetric, enabled unless -Disabled).
    .PARAMETER Alias
    'alias/name' (or 'name'); 'alias/aws/...' is reserved.
    .PARAMETER Description
    The key's description.
    .PARAMETER Disabled
    Seeds the key Disabled.
    .PARAMETER ShareWith
    Accounts given use of the key (and grants for AWS resources), as the console writes it for "other AWS accounts".
    .PARAMETER Tag
    The key's tags.
    .PARAMETER AccountId
    The account (default 123456789012).
    .PARAMETER Region
    The region (default us-east-1).
    .OUTPUTS
    An object with KeyId, KeyArn, Alias, AccountId, Region.
    .EXAMPLE
    $key = Add-LocalAwsKey -Alias 'alias/ami-share' -ShareWith 111122223333
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Alias,
        [string] $Description,
        [switch] $Disabled,
        [ValidatePattern('^\d{12}$')] [string[]] $ShareWith,
        [hashtable] $Tag,
        [ValidatePattern('^\d{12}$')] [string] $AccountId,
        [string] $Region = 'us-east-1',
        [string] $Url
    )
    $key = @{ enabled = -not $Disabled }
    if ($Alias) { $key.alias = $Alias }
    if ($Description) { $key.description = $Description }
    if ($ShareWith) { $key.shareWith = @($ShareWith) }
    if ($Tag) { $key.tags = $Tag }
    $result = Invoke-LocalAwsSeedOf 'keys' @($key) $AccountId $Region $Url
    $owner = if ($AccountId) { $AccountId } else { $script:Accounts.Default.Id }
    [pscustomobject]@{ KeyId = $result.keyIds[0]; KeyArn = $result.keyArns[0]; Alias = $Alias; AccountId = $owner; Region = $Region }
}

function Add-LocalAwsLaunchTemplate {
    <#
    .SYNOPSIS
    Seeds a launch template whose version 1 (the default) launches an image (so the image counts as in use).
    .PARAMETER Name
    The template's name.
    .PARAMETER ImageId
    The image version 1 launches.
    .PARAMETER InstanceType
    The template's instance type.
    .PARAMETER AccountId
    The account (default 123456789012).
    .PARAMETER Region
    The region (default us-east-1).
    .OUTPUTS
    An object with LaunchTemplateId, Name, ImageId, AccountId, Region.
    .EXAMPLE
    Add-LocalAwsLaunchTemplate -Name web -ImageId $image.ImageId
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $ImageId,
        [string] $InstanceType,
        [ValidatePattern('^\d{12}$')] [string] $AccountId,
        [string] $Region = 'us-east-1',
        [string] $Url
    )
    $template = @{ name = $Name }
    if ($ImageId) { $template.imageId = $ImageId }
    if ($InstanceType) { $template.instanceType = $InstanceType }
    $result = Invoke-LocalAwsSeedOf 'launchTemplates' @($template) $AccountId $Region $Url
    $owner = if ($AccountId) { $AccountId } else { $script:Accounts.Default.Id }
    [pscustomobject]@{ LaunchTemplateId = $result.launchTemplateIds[0]; Name = $Name; ImageId = $ImageId; AccountId = $owner; Region = $Region }
}

function Complete-LocalAwsPending {
    <#
    .SYNOPSIS
    Ends every pending wait now (POST /_localaws/finish-pending): pending images become available (or failed, as
    injected), copies finish, archives and restores complete. Returns how many finished.
    .EXAMPLE
    Complete-LocalAwsPending
    #>
    param([string] $Url)
    (Invoke-LocalAwsControl 'finish-pending' @{} -Url $Url).finished
}

Export-ModuleMember -Function Get-PwshPath, Start-LocalAws, Stop-LocalAws, Get-LocalAwsAccount, Get-LocalAwsUrl, Invoke-LocalAwsControl,
    Reset-LocalAws, Add-LocalAwsSeed, Set-LocalAwsFault, Set-LocalAwsSetting, Get-LocalAwsCall, Get-LocalAwsCallCount, Add-LocalAwsAccount,
    Set-LocalAwsRoleRefusal, Add-LocalAwsImage, Add-LocalAwsInstance, Add-LocalAwsKey, Add-LocalAwsLaunchTemplate, Complete-LocalAwsPending
