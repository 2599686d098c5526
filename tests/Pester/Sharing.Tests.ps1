# Grant-, Revoke- and Get-AmiLaunchPermission as a user runs them, across LocalAws accounts: what account B
# can find and copy afterwards, the refusals, and the calls each command costs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext
    Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5

    $script:B = (Get-LocalAwsAccount B).Id
    $script:C = (Get-LocalAwsAccount C).Id
    $script:OrgArn = 'arn:aws:organizations::123456789012:organization/o-localaws01'

    # An image with two EBS volumes; -KeyAlias encrypts it with a new customer key, -AwsManagedKey with alias/aws/ebs.
    function New-TestImage([string] $Name = 'web-golden', [string] $Region = 'us-east-1', [string] $KeyAlias, [switch] $AwsManagedKey, [string] $Account = 'Default') {
        $image = @{ name = $Name; blockDevices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 20 }) }
        $seed = @{ account = (Get-LocalAwsAccount $Account).Id; region = $Region; images = @($image) }
        if ($KeyAlias) {
            $seed.keys = @(@{ alias = $KeyAlias })
            $image.encrypted = $true
            $image.kmsKeyId = "alias/$KeyAlias"
        }
        if ($AwsManagedKey) { $image.encrypted = $true }
        (Add-LocalAwsSeed $seed).imageIds[0]
    }

    # Image block public access has no cmdlet here: turn it on through the AWS SDK that ships in the module,
    # in a separate process so this session keeps the module's isolated SDK to itself.
    function Enable-TestImageBlockPublicAccess([string] $Region) {
        $output = Invoke-LocalAwsEc2 -Region $Region -Script @'
$request = [Amazon.EC2.Model.EnableImageBlockPublicAccessRequest]::new()
$request.ImageBlockPublicAccessState = 'block-new-sharing'
$ec2.EnableImageBlockPublicAccessAsync($request).GetAwaiter().GetResult().ImageBlockPublicAccessState
'@
        $output | Should -Match 'block-new-sharing'
    }
}

AfterAll { Clear-AmiContext }

Describe 'Grant-AmiLaunchPermission' {
    BeforeEach {
        Reset-LocalAws
        Set-LocalAwsSetting @{ pendingSeconds = @{ '*' = 0.5 } }
    }

    It 'shares an encrypted image so that account B finds it and can copy it' {
        $image = New-TestImage -KeyAlias golden
        $output = Get-Ami -ImageId $image | Grant-AmiLaunchPermission -AccountId $B
        $output | Should -BeNullOrEmpty

        $asB = New-LocalAwsCredential B
        $shared = Get-Ami -ExecutableBy self -Credential $asB
        $shared.ImageId | Should -Be $image
        $copy = $shared | Copy-AmiToRegion -DestinationRegion us-east-1 -Name 'b-copy' -Credential $asB -Wait
        $copy.State | Should -Be 'available'
        $copy.OwnerId | Should -Be $B

        $permission = Get-AmiLaunchPermission -ImageId $image
        $permission.GetType().FullName | Should -Be 'AmiCmdlets.AmiLaunchPermission'
        $permission.Principal | Should -Be $B
        $permission.Kind | Should -Be 'Account'
        $permission.SnapshotPermission | Should -BeTrue
        $permission.KmsGrant | Should -BeTrue
    }

    It 'without the KMS grants account B can see the encrypted image but not copy it' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B -SkipKmsGrant
        Get-LocalAwsCallCount -Action CreateGrant | Should -Be 0

        $asB = New-LocalAwsCredential B
        (Get-Ami -ExecutableBy self -Credential $asB).ImageId | Should -Be $image
        Copy-AmiToRegion -ImageId $image -Region us-east-1 -DestinationRegion us-east-1 -Name 'b-copy' -Credential $asB -Wait -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiCopyFailed,AmiCmdlets.CopyAmiToRegionCommand'
        (Get-AmiLaunchPermission -ImageId $image).KmsGrant | Should -BeFalse
    }

    It '-PassThru outputs the Ami so the pipeline goes on' {
        $image = New-TestImage
        $result = Get-Ami -ImageId $image | Grant-AmiLaunchPermission -AccountId $B, $C -PassThru
        $result.GetType().FullName | Should -Be 'AmiCmdlets.Ami'
        $result.ImageId | Should -Be $image
        $next = Get-Ami -ImageId $image | Grant-AmiLaunchPermission -AccountId $B -PassThru | Get-AmiLaunchPermission
        ($next.Principal | Sort-Object) | Should -Be @($B, $C)
    }

    It 'refuses an image encrypted with alias/aws/ebs before any change, naming the way out' {
        $plain = New-TestImage -Name 'web-plain'
        $managed = New-TestImage -Name 'web-default-key' -AwsManagedKey
        { Get-Ami -ImageId $plain, $managed | Grant-AmiLaunchPermission -AccountId $B } |
            Should -Throw -ErrorId 'AmiKeyNotShareable,AmiCmdlets.GrantAmiLaunchPermissionCommand' -ExpectedMessage '*Copy-AmiToRegion*-KmsKeyId <customer key>*'
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'refuses more than 1,000 accounts per image before any change (LaunchPermissionLimitExceeded), counting those it has' {
        $crowded = New-TestImage -Name 'web-crowded'
        $plain = New-TestImage -Name 'web-plain'
        $accounts = 0..1000 | ForEach-Object { (200000000000 + $_).ToString() }
        Get-Ami -ImageId $crowded | Grant-AmiLaunchPermission -AccountId $accounts -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'LaunchPermissionLimitExceeded,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        $refused[0].CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $refused[0].TargetObject | Should -Be $crowded
        $refused[0].Exception.Message | Should -BeLike '*1,001 accounts, organizations and OUs (0 now plus 1,001 new)*at most 1,000*'
        Get-LocalAwsCallCount -Mutating | Should -Be 0

        # 999 shared, then 2 more (and one it already has): refused; one more: fine.
        Grant-AmiLaunchPermission -ImageId $plain -AccountId $accounts[0..998] -Confirm:$false
        Grant-AmiLaunchPermission -ImageId $plain -AccountId $accounts[998..1000] -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'LaunchPermissionLimitExceeded,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        $refused[0].Exception.Message | Should -BeLike '*(999 now plus 2 new)*'
        Grant-AmiLaunchPermission -ImageId $plain -AccountId $accounts[999] -Confirm:$false
        @(Get-AmiLaunchPermission -ImageId $plain).Count | Should -Be 1000
    }

    It 'refuses -Public without -Force before any call' {
        $image = New-TestImage
        Reset-LocalAws
        { Grant-AmiLaunchPermission -ImageId $image -Public } | Should -Throw -ErrorId 'PublicSharingRequiresForce,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        { Grant-AmiLaunchPermission -ImageId $image -Principal all } | Should -Throw -ErrorId 'PublicSharingRequiresForce,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'refuses to make an encrypted image public, and makes a plain one public with -Force' {
        $encrypted = New-TestImage -Name 'web-encrypted' -KeyAlias golden
        $plain = New-TestImage -Name 'web-plain'
        Grant-AmiLaunchPermission -ImageId $encrypted -Public -Force -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'PublicSharingOfEncryptedAmi,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        Get-LocalAwsCallCount -Mutating | Should -Be 0

        $public = Grant-AmiLaunchPermission -ImageId $plain -Public -Force -PassThru
        $public.Public | Should -BeTrue
        (Get-AmiLaunchPermission -ImageId $plain).Kind | Should -Be 'Public'
    }

    It 'refuses -Public with a clear error where image block public access is on' {
        $image = New-TestImage -Region eu-west-1
        Enable-TestImageBlockPublicAccess -Region eu-west-1
        $before = Get-LocalAwsCallCount -Mutating
        Grant-AmiLaunchPermission -ImageId $image -Region eu-west-1 -Public -Force -ErrorVariable blocked -ErrorAction SilentlyContinue
        $blocked | Should -HaveCount 1
        $blocked[0].FullyQualifiedErrorId | Should -Be 'ImageBlockPublicAccessEnabled,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        $blocked[0].Exception.Message | Should -Match 'block public access is on .* eu-west-1'
        Get-LocalAwsCallCount -Mutating | Should -Be $before
    }

    It 'shares with an organization and warns with the key policy statement the key needs' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -OrganizationArn $OrgArn -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -HaveCount 1
        "$warned" | Should -Match '"aws:PrincipalOrgID": "o-localaws01"'
        "$warned" | Should -Match 'createVolumePermission cannot name an organization'
        Get-LocalAwsCallCount -Action CreateGrant | Should -Be 0
        Get-LocalAwsCallCount -Action ModifySnapshotAttribute | Should -Be 0
        (Get-Ami -ExecutableBy self -Credential (New-LocalAwsCredential B)).ImageId | Should -Be $image
        (Get-AmiLaunchPermission -ImageId $image).Kind | Should -Be 'Organization'
    }

    It 'makes no mutating call when run a second time' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B, $C
        $before = Get-LocalAwsCallCount -Mutating
        $before | Should -Be 5
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B, $C
        Get-LocalAwsCallCount -Mutating | Should -Be $before
    }

    It 'makes no change with -WhatIf' {
        $image = New-TestImage -KeyAlias golden
        Get-Ami -ImageId $image | Grant-AmiLaunchPermission -AccountId $B -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        Get-AmiLaunchPermission -ImageId $image | Should -BeNullOrEmpty
    }

    It 'shares piped images of two regions, each in its own region' {
        $east = New-TestImage -Name 'web-east'
        $west = New-TestImage -Name 'web-west' -Region eu-west-1
        $shared = Get-Ami -ImageId $east, $west -Region us-east-1, eu-west-1 | Grant-AmiLaunchPermission -AccountId $B -PassThru
        ($shared.Region | Sort-Object) | Should -Be @('eu-west-1', 'us-east-1')
        $seenByB = Get-Ami -ExecutableBy self -Region us-east-1, eu-west-1 -Credential (New-LocalAwsCredential B)
        ($seenByB.ImageId | Sort-Object) | Should -Be (@($east, $west) | Sort-Object)
    }

    It 'rejects bad account ids and ARNs before any call' {
        $image = New-TestImage
        Reset-LocalAws
        { Grant-AmiLaunchPermission -ImageId $image -AccountId '12345678901' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        # 1111-2222-3333 (the console's format) is taken as 111122223333; a near miss or a trailing line break is not.
        { Grant-AmiLaunchPermission -ImageId $image -AccountId '1111-2222-333' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        { Grant-AmiLaunchPermission -ImageId $image -AccountId "123456789012`n" } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        { Grant-AmiLaunchPermission -ImageId $image -OrganizationArn 'arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/ou-ab12-c3d4e5f6' } |
            Should -Throw -ExpectedMessage '*pass it to -OrganizationalUnitArn*'
        { Grant-AmiLaunchPermission -ImageId $image -OrganizationArn 'o-localaws01' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        { Grant-AmiLaunchPermission -ImageId $image -OrganizationalUnitArn $OrgArn } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        { Grant-AmiLaunchPermission -ImageId $image } | Should -Throw -ErrorId 'NoPrincipal,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'skips your own account with a warning and reports images of other accounts' {
        $mine = New-TestImage
        $theirs = (Add-LocalAwsSeed @{ account = $B; region = 'us-east-1'; images = @(@{ name = 'b-image'; launchPermissions = @('123456789012') }) }).imageIds[0]
        Grant-AmiLaunchPermission -ImageId $mine, $theirs -AccountId '123456789012', $C -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue
        "$warned" | Should -Match '123456789012.*your own account'
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiNotOwned,AmiCmdlets.GrantAmiLaunchPermissionCommand'
        $failed[0].TargetObject | Should -Be $theirs
        (Get-AmiLaunchPermission -ImageId $mine).Principal | Should -Be $C
    }
}

Describe 'Revoke-AmiLaunchPermission' {
    BeforeEach { Reset-LocalAws }

    It 'takes back what Grant gave: account B can no longer find or copy the image' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B
        Revoke-AmiLaunchPermission -ImageId $image -AccountId $B
        Get-LocalAwsCallCount -Action RevokeGrant | Should -Be 1
        Get-LocalAwsCallCount -Action ModifySnapshotAttribute | Should -Be 4

        $asB = New-LocalAwsCredential B
        Get-Ami -ExecutableBy self -Credential $asB | Should -BeNullOrEmpty
        Copy-AmiToRegion -ImageId $image -Region us-east-1 -DestinationRegion us-east-1 -Name 'b-copy' -Credential $asB -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiNotFound,AmiCmdlets.CopyAmiToRegionCommand'
        Get-AmiLaunchPermission -ImageId $image | Should -BeNullOrEmpty
    }

    It '-All removes every principal, public included' {
        $image = New-TestImage
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B -OrganizationArn $OrgArn -Public -Force -WarningAction SilentlyContinue
        (Get-AmiLaunchPermission -ImageId $image) | Should -HaveCount 3
        $ami = Revoke-AmiLaunchPermission -ImageId $image -All -PassThru
        $ami.Public | Should -BeFalse
        Get-AmiLaunchPermission -ImageId $image | Should -BeNullOrEmpty
    }

    It 'takes principals piped from Get-AmiLaunchPermission' {
        $image = New-TestImage
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B, $C
        Get-AmiLaunchPermission -ImageId $image | Where-Object Principal -EQ $C | Revoke-AmiLaunchPermission
        (Get-AmiLaunchPermission -ImageId $image).Principal | Should -Be $B
    }

    It 'makes no change with -WhatIf' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B
        $before = Get-LocalAwsCallCount -Mutating
        Revoke-AmiLaunchPermission -ImageId $image -All -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be $before
        (Get-AmiLaunchPermission -ImageId $image).Principal | Should -Be $B
    }

    It 'needs principals or -All, and not both' {
        { Revoke-AmiLaunchPermission -ImageId 'ami-0123456789abcdef0' } | Should -Throw -ErrorId 'NoPrincipal,AmiCmdlets.RevokeAmiLaunchPermissionCommand'
        { Revoke-AmiLaunchPermission -ImageId 'ami-0123456789abcdef0' -All -AccountId $B } | Should -Throw -ErrorId 'AmbiguousParameterSet,AmiCmdlets.RevokeAmiLaunchPermissionCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }
}

Describe 'Get-AmiLaunchPermission' {
    BeforeEach { Reset-LocalAws }

    It 'shows one row per principal in its table view' {
        $image = New-TestImage -KeyAlias golden
        Grant-AmiLaunchPermission -ImageId $image -AccountId $B -OrganizationArn $OrgArn -WarningAction SilentlyContinue
        $table = Get-AmiLaunchPermission -ImageId $image | Format-Table | Out-String -Width 200
        $table | Should -Match 'ImageId\s+Kind\s+Snapshot\s+KmsGrant\s+Principal'
        $table | Should -Match "$image\s+Account\s+True\s+True\s+$B"
        $table | Should -Match "$image\s+Organization\s+$([regex]::Escape($OrgArn))"
    }

    It 'reports images of other accounts as AmiNotOwned' {
        $theirs = (Add-LocalAwsSeed @{ account = $B; region = 'us-east-1'; images = @(@{ name = 'b-image'; public = $true }) }).imageIds[0]
        Get-AmiLaunchPermission -ImageId $theirs -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -Be 'AmiNotOwned,AmiCmdlets.GetAmiLaunchPermissionCommand'
    }
}
