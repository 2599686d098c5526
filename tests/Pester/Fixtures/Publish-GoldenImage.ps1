<#
.SYNOPSIS
    Runbook: captures the golden image of a build instance and copies it, encrypted with the fleet's key, to
    every region the fleet runs in. Mocking.Tests.ps1 tests it the way a user would test their own runbook.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $InstanceId,

    [string] $Region = 'us-east-1',

    [string[]] $FleetRegion = @('eu-west-1', 'ap-southeast-2'),

    [string] $KmsKeyId = 'alias/golden'
)

$ErrorActionPreference = 'Stop'

$golden = New-GoldenAmi -InstanceId $InstanceId -Region $Region -Name 'golden-{date}' -Tag @{ Role = 'golden' } -Wait
$copies = $golden | Copy-AmiToRegion -DestinationRegion $FleetRegion -Encrypted -KmsKeyId $KmsKeyId -Wait

[pscustomobject]@{
    SourceImageId = $golden.ImageId
    Copies        = @($copies | ForEach-Object { '{0}={1}' -f $_.Region, $_.ImageId })
}
