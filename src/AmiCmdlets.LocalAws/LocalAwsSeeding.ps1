# Seeding one kind of resource at a time: shortcuts over Add-LocalAwsSeed (dot-sourced by AmiCmdlets.LocalAws.psm1).
Set-StrictMode -Version Latest

# One kind of seed in one account and region: the document Add-LocalAwsSeed takes, with account and region filled in.
function Invoke-LocalAwsSeedOf([string] $Kind, [object[]] $Items, [string] $AccountId, [string] $Region, [string] $Url) {
    if (-not $AccountId) { $AccountId = $script:Accounts.Default.Id }
    Add-LocalAwsSeed @{ account = $AccountId; region = $Region; $Kind = @($Items) } -Url $Url
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
        if ($Tag) { $image.tags = $Tag }
        if ($State) { $image.state = $State }
        if ($PSBoundParameters.ContainsKey('CreationDate')) { $image.creationDate = $CreationDate.ToUniversalTime().ToString('o') }
        if ($PSBoundParameters.ContainsKey('DeprecationTime')) { $image.deprecationTime = $DeprecationTime.ToUniversalTime().ToString('o') }
        if ($Public) { $image.public = $true }
        if ($LaunchPermission) { $image.launchPermissions = @($LaunchPermission) }
        if ($Encrypted) { $image.encrypted = $true }
        if ($KmsKeyId) { $image.kmsKeyId = $KmsKeyId }
        if ($Platform) { $image.platform = $Platform }
        if ($DeregistrationProtection) { $image.deregistrationProtection = $true }
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
