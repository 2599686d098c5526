# Shared by the Pester suite, on top of AmiCmdlets.LocalAws (LocalAws's control plane and accounts, re-exported): the
# built copy beside the module under test (out/AmiCmdlets.LocalAws), else the source in src/.
# Tests run in a fresh pwsh that build.ps1 started with AMICMDLETS_MODULE (the built manifest) and LOCALAWS_URL set.
Set-StrictMode -Version Latest

$script:LocalAwsModule = if ($env:AMICMDLETS_MODULE) { Join-Path (Split-Path (Split-Path $env:AMICMDLETS_MODULE)) 'AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1' }
if (-not $script:LocalAwsModule -or -not (Test-Path $script:LocalAwsModule)) { $script:LocalAwsModule = Join-Path $PSScriptRoot '../../src/AmiCmdlets.LocalAws/AmiCmdlets.LocalAws.psd1' }
Import-Module $script:LocalAwsModule

# Points the AWS environment variables at LocalAws as one of its accounts (what a user's shell would hold).
function Use-LocalAwsAccount([ValidateSet('Default', 'B', 'C')] [string] $Name = 'Default', [string] $Region = 'us-east-1') {
    $account = Get-LocalAwsAccount $Name
    $env:AWS_ACCESS_KEY_ID = $account.AccessKey
    $env:AWS_SECRET_ACCESS_KEY = $account.SecretKey
    Remove-Item Env:AWS_SESSION_TOKEN -ErrorAction Ignore
    $env:AWS_REGION = $Region
    $env:AWS_ENDPOINT_URL = Get-LocalAwsUrl
    $env:AWS_EC2_METADATA_DISABLED = 'true'
}

function New-LocalAwsCredential([ValidateSet('Default', 'B', 'C')] [string] $Name = 'Default') {
    $account = Get-LocalAwsAccount $Name
    [pscredential]::new($account.AccessKey, (ConvertTo-SecureString $account.SecretKey -AsPlainText -Force))
}

# Runs a script in a fresh pwsh (for what must not share this process: isolation, import timing).
function Invoke-FreshPwsh([Parameter(Mandatory)] [string] $Script) {
    $pwsh = Get-PwshPath
    $file = Join-Path ([IO.Path]::GetTempPath()) ("amicmdlets-" + [guid]::NewGuid() + '.ps1')
    Set-Content -Path $file -Value $Script
    try {
        $output = & $pwsh -NoProfile -NonInteractive -File $file 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
    }
    finally { Remove-Item $file -ErrorAction Ignore }
}

# EC2 calls no cmdlet makes (listing snapshots, image block public access), through the AWS SDK that ships in
# the module, in a fresh pwsh: loading a second AWSSDK.Core into the test session would clash with the module's.
# $Script runs with $ec2 (an AmazonEC2Client for the account and region) in scope; its output is returned.
function Invoke-LocalAwsEc2([Parameter(Mandatory)] [string] $Script, [string] $Region = 'us-east-1', [ValidateSet('Default', 'B', 'C')] [string] $Account = 'Default') {
    $dependencies = Join-Path (Split-Path $env:AMICMDLETS_MODULE) 'Dependencies'
    $keys = Get-LocalAwsAccount $Account
    $result = Invoke-FreshPwsh @"
Add-Type -Path '$dependencies/AWSSDK.Core.dll', '$dependencies/AWSSDK.EC2.dll'
`$config = [Amazon.EC2.AmazonEC2Config]::new()
`$config.ServiceURL = '$(Get-LocalAwsUrl)'
`$config.AuthenticationRegion = '$Region'
`$ec2 = [Amazon.EC2.AmazonEC2Client]::new([Amazon.Runtime.BasicAWSCredentials]::new('$($keys.AccessKey)', '$($keys.SecretKey)'), `$config)
'SDK-READY'
$Script
"@
    if ($result.ExitCode -ne 0 -or $result.Output -notmatch 'SDK-READY') { throw "The EC2 call failed: $($result.Output)" }
    $result.Output
}

# The ids of the account's own snapshots in the region (DescribeSnapshots; no cmdlet lists snapshots).
function Get-LocalAwsSnapshotId([string] $Region = 'us-east-1') {
    $output = Invoke-LocalAwsEc2 -Region $Region -Script @'
$request = [Amazon.EC2.Model.DescribeSnapshotsRequest]::new()
$request.OwnerIds = [System.Collections.Generic.List[string]]@('self')
foreach ($s in @($ec2.DescribeSnapshotsAsync($request).GetAwaiter().GetResult().Snapshots | Where-Object { $_ })) { 'SNAP=' + $s.SnapshotId }
'@
    [regex]::Matches($output, 'SNAP=(snap-[0-9a-f]+)') | ForEach-Object { $_.Groups[1].Value }
}

# The manifest of AmiCmdlets.LocalAws this suite imported (for tests that start a fresh pwsh).
function Get-LocalAwsModulePath { (Resolve-Path $script:LocalAwsModule).Path }

# The LocalAws .NET tool package of this build: out/LocalAws.<version>.nupkg beside the module under test when the
# build made it from the current LocalAws, else one packed now into the scratch folder.
function Get-LocalAwsToolPackage([Parameter(Mandatory)] [string] $Version, [Parameter(Mandatory)] [string] $Scratch) {
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $built = Join-Path (Split-Path (Split-Path $env:AMICMDLETS_MODULE)) "LocalAws.$Version.nupkg"
    $dll = Join-Path $repoRoot 'src/LocalAws/bin/Release/net10.0/LocalAws.dll'
    if ((Test-Path $built) -and (-not (Test-Path $dll) -or (Get-Item $built).LastWriteTimeUtc -ge (Get-Item $dll).LastWriteTimeUtc)) { return $built }
    $made = Join-Path $Scratch 'made'
    & dotnet pack (Join-Path $repoRoot 'src/LocalAws/LocalAws.csproj') -c Release -o $made --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'Packing the LocalAws tool failed.' }
    Join-Path $made "LocalAws.$Version.nupkg"
}

# A nuget.config whose only source is a folder holding -Package, so an install uses that package and nothing else.
function New-LocalPackageSource([Parameter(Mandatory)] [string[]] $Package, [Parameter(Mandatory)] [string] $Scratch) {
    $feed = New-Item -ItemType Directory -Force (Join-Path $Scratch 'feed')
    Copy-Item $Package $feed
    $config = Join-Path $Scratch 'nuget.config'
    Set-Content $config @"
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$($feed.FullName)" /></packageSources></configuration>
"@
    $config
}

Export-ModuleMember -Function *
