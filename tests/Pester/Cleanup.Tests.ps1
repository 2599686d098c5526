# Cost clean-up as a user runs it against LocalAws: Find-StaleAmi (keep-N and age per family, tag families,
# images in use, protected or shared-in never proposed, the cost summary), Find-StaleAmi | Remove-AmiWithSnapshots
# end to end, and the snapshots deregistered images leave behind (Find-/Remove-OrphanedAmiSnapshot).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Clear-AmiContext

    # Find-StaleAmi measures age against the real clock, so images are seeded relative to now.
    $script:Now = [DateTime]::UtcNow

    # One image per age (days), named <family>-<yyyy-MM-dd> after its creation date, with a 20 GiB root and
    # a 50 GiB data volume unless -Devices says otherwise.
    function New-AgedImage {
        param(
            [string] $Family,
            [int[]] $AgeDays,
            [hashtable] $Extra = @{},
            [object[]] $Devices = @(@{ deviceName = '/dev/xvda'; sizeGiB = 20 }, @{ deviceName = '/dev/sdf'; sizeGiB = 50 }),
            [string] $Account = 'Default',
            [string] $Region = 'us-east-1'
        )
        $images = foreach ($age in $AgeDays) {
            $created = $script:Now.AddDays(-$age)
            $image = @{ name = "$Family-$($created.ToString('yyyy-MM-dd'))"; creationDate = $created.ToString('o'); blockDevices = $Devices }
            foreach ($key in $Extra.Keys) { $image[$key] = $Extra[$key] }
            $image
        }
        Add-LocalAwsSeed @{ account = (Get-LocalAwsAccount $Account).Id; region = $Region; images = @($images) }
    }

    function Get-AgedName([string] $Family, [int] $AgeDays) { "$Family-$($script:Now.AddDays(-$AgeDays).ToString('yyyy-MM-dd'))" }

    function Get-Summary([object[]] $Stream) {
        $records = @($Stream | Where-Object { $_ -is [System.Management.Automation.InformationRecord] })
        $records.Count | Should -Be 1 -Because 'one summary per run'
        "$($records[0].MessageData)"
    }
}

AfterAll { Clear-AmiContext }

Describe 'Find-StaleAmi' {
    BeforeEach { Reset-LocalAws }

    It 'keeps the newest 3 of each family and proposes only images older than 30 days' {
        New-AgedImage web 100, 90, 80, 70, 20, 10 | Out-Null
        New-AgedImage db 45, 20, 7, 6, 5 | Out-Null
        New-AgedImage api 200, 150 | Out-Null

        $stale = Find-StaleAmi 6>$null
        $stale | ForEach-Object { $_.GetType().FullName | Should -Be 'AmiCmdlets.AmiCleanupCandidate' }
        ($stale.Name | Sort-Object) | Should -Be (@((Get-AgedName db 45), (Get-AgedName web 100), (Get-AgedName web 80), (Get-AgedName web 90)) | Sort-Object)
        ($stale | Where-Object Name -eq (Get-AgedName web 100)).Family | Should -Be 'web'
        ($stale | Where-Object Name -eq (Get-AgedName web 100)).AgeDays | Should -Be 100
        ($stale | Where-Object Name -eq (Get-AgedName web 80)).Reason | Should -Match "number 4 of 6 in family 'web' \(keeping the newest 3 available\), 80 days old \(limit 30\)"
        ($stale | Where-Object Name -eq (Get-AgedName db 45)).Reason | Should -Match "number 5 of 5 in family 'db'"
        $stale.Region | Sort-Object -Unique | Should -Be 'us-east-1'

        $strict = Find-StaleAmi -KeepLatest 1 -OlderThanDays 60 6>$null
        ($strict.Name | Sort-Object) | Should -Be (@((Get-AgedName api 200), (Get-AgedName web 100), (Get-AgedName web 70), (Get-AgedName web 80), (Get-AgedName web 90)) | Sort-Object)

        $named = Find-StaleAmi -Name 'web-*' -KeepLatest 0 -OlderThanDays 0 6>$null
        $named.Count | Should -Be 6
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'puts names with timestamps and versions into one family' {
        $seeded = Add-LocalAwsSeed @{ images = @(
                @{ name = 'cache-20260101120000'; creationDate = $script:Now.AddDays(-120).ToString('o') }
                @{ name = 'cache-1.4.2'; creationDate = $script:Now.AddDays(-90).ToString('o') }
                @{ name = 'cache-v12'; creationDate = $script:Now.AddDays(-60).ToString('o') }
                @{ name = 'cache-2.0.0'; creationDate = $script:Now.AddDays(-40).ToString('o') }
                # One stamp is stripped: this is family cache-3.0.0, not cache.
                @{ name = 'cache-3.0.0-20261001'; creationDate = $script:Now.AddDays(-35).ToString('o') }
            ) }
        $stale = Find-StaleAmi -KeepLatest 2 6>$null
        $stale.ImageId | Should -Be @($seeded.imageIds[1], $seeded.imageIds[0])
        $stale.Family | Sort-Object -Unique | Should -Be 'cache'
    }

    It 'groups by a tag with -GroupBy Tag:App' {
        Add-LocalAwsSeed @{ images = @(
                @{ name = 'shop-3fa9c1e'; creationDate = $script:Now.AddDays(-90).ToString('o'); tags = @{ App = 'shop' } }
                @{ name = 'shop-a17be0d'; creationDate = $script:Now.AddDays(-80).ToString('o'); tags = @{ App = 'shop' } }
                @{ name = 'shop-c0ffeea'; creationDate = $script:Now.AddDays(-70).ToString('o'); tags = @{ App = 'shop' } }
                @{ name = 'blog-9d2e4fb'; creationDate = $script:Now.AddDays(-60).ToString('o'); tags = @{ App = 'blog' } }
                @{ name = 'untagged-e5b7a2c'; creationDate = $script:Now.AddDays(-100).ToString('o') }
            ) } | Out-Null

        Find-StaleAmi -KeepLatest 1 6>$null | Should -BeNullOrEmpty -Because 'by name each image is a family of its own'

        $byTag = Find-StaleAmi -GroupBy Tag:App -KeepLatest 1 6>$null
        ($byTag.Name | Sort-Object) | Should -Be @('shop-3fa9c1e', 'shop-a17be0d')
        $byTag.Family | Sort-Object -Unique | Should -Be 'shop'

        $withUntagged = Find-StaleAmi -GroupBy Tag:App -KeepLatest 0 6>$null
        $withUntagged.Count | Should -Be 4
        $withUntagged.Name | Should -Not -Contain 'untagged-e5b7a2c' -Because 'an image without the tag belongs to no family and is never proposed'
    }

    It 'rejects a -GroupBy that is neither Name nor Tag:<key> before any call' {
        { Find-StaleAmi -GroupBy 'App' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.FindStaleAmiCommand'
        { Find-StaleAmi -KeepLatest -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.FindStaleAmiCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'never proposes images an instance or a launch template uses, and marks them with -IncludeInUse' {
        $seeded = New-AgedImage web 100, 90, 80, 70, 5, 4, 3
        $byInstance, $byTemplate, $byTerminated = $seeded.imageIds[0], $seeded.imageIds[1], $seeded.imageIds[2]
        $instance = (Add-LocalAwsSeed @{ instances = @(@{ imageId = $byInstance; state = 'stopped' }) }).instanceIds[0]
        Add-LocalAwsSeed @{ instances = @(@{ imageId = $byTerminated; state = 'terminated' }) } | Out-Null
        $template = (Add-LocalAwsSeed @{ launchTemplates = @(@{ name = 'web-asg'; imageId = $byTemplate }) }).launchTemplateIds[0]

        $stream = Find-StaleAmi -Verbose 4>&1 6>$null
        $stale = @($stream | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] })
        ($stale.ImageId | Sort-Object) | Should -Be (@($byTerminated, $seeded.imageIds[3]) | Sort-Object) -Because 'a terminated instance does not use its image'
        $verbose = ($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match "Not proposing $byInstance .*instance $instance \(stopped\)"
        $verbose | Should -Match "Not proposing $byTemplate .*launch template 'web-asg' \($template\) version 1 \(default\)"

        $marked = Find-StaleAmi -IncludeInUse 6>$null
        $marked.Count | Should -Be 4
        ($marked | Where-Object ImageId -eq $byInstance).InUseBy | Should -Be "instance $instance (stopped)"
        ($marked | Where-Object ImageId -eq $byTemplate).InUseBy | Should -Be "launch template 'web-asg' ($template) version 1 (default)"
        ($marked | Where-Object ImageId -eq $byTemplate).Reason | Should -Match 'IN USE by launch template'
        ($marked | Where-Object ImageId -eq $byTerminated).InUseBy | Should -BeNullOrEmpty
        $table = $marked | Format-Table | Out-String -Width 120
        ($table -split "`n" | Where-Object { $_ -match $byInstance }) | Should -Match 'yes\s*$'
        ($table -split "`n" | Where-Object { $_ -match $byTerminated }) | Should -Not -Match 'yes'
    }

    It 'never proposes a protected image, which still counts towards the newest 3' {
        $seeded = New-AgedImage web 100, 90, 80, 70, 60
        $protected = (New-AgedImage web 50 -Extra @{ deregistrationProtection = $true }).imageIds[0]
        $stream = Find-StaleAmi -KeepLatest 3 -IncludeInUse -Verbose 4>&1 6>$null
        $stale = @($stream | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] })
        ($stale.ImageId | Sort-Object) | Should -Be (@($seeded.imageIds[0], $seeded.imageIds[1], $seeded.imageIds[2]) | Sort-Object) -Because 'the protected image is one of the newest 3'
        ($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'us-east-1: 1 image(s) protected from deregistration are never candidates.'

        $none = Find-StaleAmi -KeepLatest 0 -OlderThanDays 0 -IncludeInUse 6>$null
        $none.ImageId | Should -Not -Contain $protected
        $none.Count | Should -Be 5
    }

    It 'never proposes images another account shares with you' {
        # The shared images are newer than all but none of the caller's: if they counted, they would be the
        # newest 3 and push every own image out.
        $shared = New-AgedImage vendor 1, 2, 3, 4, 5 -Account B -Extra @{ launchPermissions = @((Get-LocalAwsAccount Default).Id) }
        $own = New-AgedImage vendor 400, 80, 90, 100
        (Get-Ami -ExecutableBy self).Count | Should -Be 5 -Because 'the shared images are visible to the caller'
        $stale = Find-StaleAmi -KeepLatest 0 -OlderThanDays 0 -IncludeInUse 6>$null
        ($stale.ImageId | Sort-Object) | Should -Be ($own.imageIds | Sort-Object)
        $stale.ImageId | Where-Object { $_ -in $shared.imageIds } | Should -BeNullOrEmpty
        (Find-StaleAmi 6>$null).ImageId | Should -Be $own.imageIds[0] -Because 'the shared images do not count towards the newest 3 either'
    }

    It 'shows the cost per image and in a summary on the information stream' {
        New-AgedImage big 90 -Devices @(@{ deviceName = '/dev/xvda'; sizeGiB = 8 }, @{ deviceName = '/dev/xvdb'; sizeGiB = 100 }) | Out-Null
        New-AgedImage small 60 -Devices @(@{ deviceName = '/dev/xvda'; sizeGiB = 30 }) | Out-Null

        $stream = Find-StaleAmi -KeepLatest 0 6>&1
        $stale = @($stream | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] })
        $big = $stale | Where-Object Family -eq 'big'
        $big.SnapshotGiB | Should -Be 108
        $big.EstimatedMonthlyCost | Should -Be 5.40
        $big.SnapshotIds.Count | Should -Be 2
        ($stale | Where-Object Family -eq 'small').EstimatedMonthlyCost | Should -Be 1.50
        $summary = Get-Summary $stream
        $summary | Should -Match ([regex]::Escape('2 stale image(s), 138 GiB of snapshots, about $6.90 a month at $0.05 per GiB-month.'))
        $summary | Should -Match 'upper bound: snapshots are incremental'

        $priced = Find-StaleAmi -KeepLatest 0 -SnapshotPricePerGiBMonth 0.02 6>&1
        ($priced | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] }).EstimatedMonthlyCost | Sort-Object | Should -Be @(0.60, 2.16)
        Get-Summary $priced | Should -Match ([regex]::Escape('138 GiB of snapshots, about $2.76 a month at $0.02 per GiB-month.'))

        $quiet = Find-StaleAmi -KeepLatest 0 -InformationAction Ignore -InformationVariable captured
        @($quiet | Where-Object { $_ -isnot [AmiCmdlets.AmiCleanupCandidate] }) | Should -BeNullOrEmpty -Because 'the summary stays out of the pipeline'
        "$captured" | Should -Match '2 stale image\(s\)'
    }

    It 'scans several regions in one call, each with its own families' {
        New-AgedImage app 90, 80 | Out-Null
        New-AgedImage app 95, 85, 75 -Region eu-west-1 | Out-Null
        $stream = Find-StaleAmi -Region us-east-1, eu-west-1 -KeepLatest 1 6>&1
        $stale = @($stream | Where-Object { $_ -is [AmiCmdlets.AmiCleanupCandidate] })
        ($stale | Where-Object Region -eq 'us-east-1').Name | Should -Be (Get-AgedName app 90)
        (($stale | Where-Object Region -eq 'eu-west-1').Name | Sort-Object) | Should -Be (@((Get-AgedName app 95), (Get-AgedName app 85)) | Sort-Object)
        Get-Summary $stream | Should -Match '^3 stale image\(s\), 210 GiB'
    }

    It 'checks usage only for the candidates, in a few calls for 1,500 images' {
        Add-LocalAwsSeed @{ bulkImages = @{ count = 1500; namePrefix = 'bulk-' } } | Out-Null
        $stale = Find-StaleAmi -KeepLatest 1480 -OlderThanDays 0 6>$null
        $stale.Count | Should -Be 20
        $stale.Family | Sort-Object -Unique | Should -Be 'bulk'
        Get-LocalAwsCallCount -Action DescribeImages | Should -Be 2 -Because '1,500 images are two pages of 1,000'
        Get-LocalAwsCallCount -Action DescribeImageReferences | Should -Be 2 -Because '20 candidates, 10 per call'
        Get-LocalAwsCallCount -Action DescribeInstances | Should -Be 1
        Get-LocalAwsCallCount -Action DescribeLaunchTemplateVersions | Should -Be 1
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }
}

Describe 'Find-StaleAmi | Remove-AmiWithSnapshots' {
    BeforeEach { Reset-LocalAws }

    It 'removes the candidates and their snapshots; the newest 3 and the images in use remain' {
        $seeded = New-AgedImage web 150, 140, 130, 120, 110, 100, 20, 10, 5
        $used = $seeded.imageIds[1], $seeded.imageIds[3]
        Add-LocalAwsSeed @{ instances = @(@{ imageId = $used[0]; state = 'running' }) } | Out-Null
        Add-LocalAwsSeed @{ launchTemplates = @(@{ name = 'web-asg'; imageId = $used[1] }) } | Out-Null
        $newest = $seeded.imageIds[6..8]
        $stale = Find-StaleAmi 6>$null
        $stale.Count | Should -Be 4
        $staleSnapshots = $stale.SnapshotIds

        $results = $stale | Remove-AmiWithSnapshots -Confirm:$false
        ($results.ImageId | Sort-Object) | Should -Be ($stale.ImageId | Sort-Object)
        $results | ForEach-Object { $_.Deregistered | Should -BeTrue }
        ($results.DeletedSnapshotIds | Sort-Object) | Should -Be ($staleSnapshots | Sort-Object)

        ((Get-Ami).ImageId | Sort-Object) | Should -Be (@($newest) + $used | Sort-Object)
        $left = @(Get-LocalAwsSnapshotId)
        $left.Count | Should -Be 10
        $left | Where-Object { $_ -in $staleSnapshots } | Should -BeNullOrEmpty
        Find-OrphanedAmiSnapshot | Should -BeNullOrEmpty
        Find-StaleAmi 6>$null | Should -BeNullOrEmpty
    }

    It 'makes no mutating call with -WhatIf' {
        New-AgedImage web 150, 140, 130, 120, 10 | Out-Null
        Find-StaleAmi 6>$null | Remove-AmiWithSnapshots -WhatIf
        Get-LocalAwsCallCount -Mutating | Should -Be 0
        (Get-Ami).Count | Should -Be 5
        @(Find-StaleAmi 6>$null).Count | Should -Be 2
    }
}

Describe 'Find-OrphanedAmiSnapshot and Remove-OrphanedAmiSnapshot' {
    BeforeEach {
        Reset-LocalAws
        # Two images deregistered with -KeepSnapshot leave three snapshots; 'alive' keeps its own.
        $script:Old = New-AgedImage old 90
        $script:Small = New-AgedImage small 60 -Devices @(@{ deviceName = '/dev/xvda'; sizeGiB = 30 })
        $script:Alive = New-AgedImage alive 10
        Remove-AmiWithSnapshots -ImageId $script:Old.imageIds[0], $script:Small.imageIds[0] -KeepSnapshot -Confirm:$false | Out-Null
    }

    It 'finds the snapshots an earlier Remove-AmiWithSnapshots -KeepSnapshot left, with size and cost' {
        $orphans = Find-OrphanedAmiSnapshot
        $orphans | ForEach-Object { $_.GetType().FullName | Should -Be 'AmiCmdlets.AmiOrphanedSnapshot' }
        ($orphans.SnapshotId | Sort-Object) | Should -Be (@($script:Old.snapshotIds) + $script:Small.snapshotIds | Sort-Object)
        $root = $orphans | Where-Object SnapshotId -eq $script:Old.snapshotIds[0]
        $root.FormerImageId | Should -Be $script:Old.imageIds[0]
        $root.SizeGiB | Should -Be 20
        $root.EstimatedMonthlyCost | Should -Be 1.00
        $root.Region | Should -Be 'us-east-1'
        $root.Description | Should -Match "^Created by CreateImage\(i-[0-9a-f]+\) for $($script:Old.imageIds[0]) "
        ($orphans | Where-Object SnapshotId -eq $script:Small.snapshotIds[0]).EstimatedMonthlyCost | Should -Be 1.50
        ($orphans | Measure-Object EstimatedMonthlyCost -Sum).Sum | Should -Be 5.00
        (Find-OrphanedAmiSnapshot -SnapshotPricePerGiBMonth 0.02 | Measure-Object EstimatedMonthlyCost -Sum).Sum | Should -Be 2.00
        $orphans.SnapshotId | Should -Not -Contain $script:Alive.snapshotIds[0]
        Get-LocalAwsCallCount -Mutating | Should -Be 2 -Because 'only the two DeregisterImage calls of the set-up changed anything'
    }

    It 'does not report a snapshot that another image uses now' {
        Add-LocalAwsSeed @{ images = @(@{ name = 'old-rebuilt'; snapshotIds = @($script:Old.snapshotIds[0]) }) } | Out-Null
        $orphans = Find-OrphanedAmiSnapshot
        ($orphans.SnapshotId | Sort-Object) | Should -Be (@($script:Old.snapshotIds[1], $script:Small.snapshotIds[0]) | Sort-Object)
    }

    It 'finds a snapshot CopyImage made, in the region of the copy' {
        $copy = Get-Ami -ImageId $script:Alive.imageIds[0] | Copy-AmiToRegion -DestinationRegion eu-west-1 -Wait -TimeoutSec 60
        $copy | Remove-AmiWithSnapshots -KeepSnapshot -Confirm:$false | Out-Null
        $orphan = Find-OrphanedAmiSnapshot -Region eu-west-1
        @($orphan).Count | Should -Be 2
        $orphan.FormerImageId | Sort-Object -Unique | Should -Be $copy.ImageId
        $orphan.Description | ForEach-Object { $_ | Should -Match "^Copied for DestinationAmi $($copy.ImageId) from SourceAmi $($script:Alive.imageIds[0])" }
        @(Find-OrphanedAmiSnapshot -Region us-east-1, eu-west-1).Count | Should -Be 5
    }

    It 'Find-OrphanedAmiSnapshot | Remove-OrphanedAmiSnapshot -Confirm:$false deletes them all' {
        $orphans = Find-OrphanedAmiSnapshot
        $stream = $orphans | Remove-OrphanedAmiSnapshot -Confirm:$false -Verbose 4>&1
        @($stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty -Because 'nothing is written to the pipeline'
        ($stream.Message | Where-Object { $_ -like 'Deleted orphaned snapshot*' }).Count | Should -Be 3
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 3
        Find-OrphanedAmiSnapshot | Should -BeNullOrEmpty
        (Get-LocalAwsSnapshotId | Sort-Object) | Should -Be ($script:Alive.snapshotIds | Sort-Object)
    }

    It 'refuses a snapshot that is not an orphan (SnapshotNotOrphaned) and deletes the others' {
        $orphan = $script:Small.snapshotIds[0]
        $inUse = $script:Alive.snapshotIds[0]
        Remove-OrphanedAmiSnapshot -SnapshotId $orphan, $inUse -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'SnapshotNotOrphaned,AmiCmdlets.RemoveOrphanedAmiSnapshotCommand'
        $refused[0].TargetObject | Should -Be $inUse
        $refused[0].Exception.Message | Should -Match 'it was not deleted'
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 1
        $left = Get-LocalAwsSnapshotId
        $left | Should -Not -Contain $orphan
        $left | Should -Contain $inUse
    }

    It 'checks again just before deleting: a snapshot an image was registered from since is kept' {
        $found = Find-OrphanedAmiSnapshot
        Add-LocalAwsSeed @{ images = @(@{ name = 'small-restored'; snapshotIds = @($script:Small.snapshotIds[0]) }) } | Out-Null
        $found | Remove-OrphanedAmiSnapshot -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.FullyQualifiedErrorId | Should -Be 'SnapshotNotOrphaned,AmiCmdlets.RemoveOrphanedAmiSnapshotCommand'
        $refused.TargetObject | Should -Be $script:Small.snapshotIds[0]
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 2
        (Get-LocalAwsSnapshotId) | Should -Contain $script:Small.snapshotIds[0]
    }

    It 'checks 250 piped orphans again in a few calls, at most 200 ids per filter, and deletes each once' {
        $many = Add-LocalAwsSeed @{ images = @(1..250 | ForEach-Object { @{ name = 'many-{0:D3}' -f $_ } }) }
        Remove-AmiWithSnapshots -ImageId $many.imageIds -KeepSnapshot -Confirm:$false | Out-Null
        $orphans = Find-OrphanedAmiSnapshot
        $orphans.Count | Should -Be 253
        $describes = Get-LocalAwsCallCount -Action DescribeSnapshots
        $others = (Get-LocalAwsCall | Where-Object action -ne 'DeleteSnapshot' | Measure-Object count -Sum).Sum

        $orphans | Remove-OrphanedAmiSnapshot -Confirm:$false
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 253
        (Get-LocalAwsCallCount -Action DescribeSnapshots) - $describes | Should -Be 2 -Because '253 ids are two filters of at most 200 values'
        $attributes = Get-LocalAwsCallCount -Action DescribeSnapshotAttribute
        $attributes | Should -Be 506 -Because 'finding and the re-check each read the sharing of every orphan once (EC2 has no query for "shared with anyone")'
        (Get-LocalAwsCall | Where-Object action -notin 'DeleteSnapshot', 'DescribeSnapshotAttribute' | Measure-Object count -Sum).Sum - ($others - 253) | Should -BeLessOrEqual 4
        Find-OrphanedAmiSnapshot | Should -BeNullOrEmpty
    }

    It 'reports a snapshot shared with another account as Shared, refuses it without -Force (SnapshotShared) and deletes it with -Force' {
        $shared = $script:Small.snapshotIds[0]
        $b = (Get-LocalAwsAccount B).Id
        Invoke-LocalAwsEc2 -Script @"
`$request = [Amazon.EC2.Model.ModifySnapshotAttributeRequest]::new()
`$request.SnapshotId = '$shared'
`$request.Attribute = 'createVolumePermission'
`$request.CreateVolumePermission = [Amazon.EC2.Model.CreateVolumePermissionModifications]::new()
`$request.CreateVolumePermission.Add = [System.Collections.Generic.List[Amazon.EC2.Model.CreateVolumePermission]]::new()
`$permission = [Amazon.EC2.Model.CreateVolumePermission]::new()
`$permission.UserId = '$b'
`$request.CreateVolumePermission.Add.Add(`$permission)
`$ec2.ModifySnapshotAttributeAsync(`$request).GetAwaiter().GetResult() | Out-Null
"@ | Out-Null

        $found = Find-OrphanedAmiSnapshot
        @($found).Count | Should -Be 3
        $row = $found | Where-Object SnapshotId -eq $shared
        $row.Status | Should -Be 'Shared'
        @($row.SharedWith) | Should -Be @($b)
        $found | Where-Object SnapshotId -ne $shared | ForEach-Object { $_.Status | Should -Be 'Orphaned'; @($_.SharedWith).Count | Should -Be 0 }

        $found | Remove-OrphanedAmiSnapshot -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'SnapshotShared,AmiCmdlets.RemoveOrphanedAmiSnapshotCommand'
        $refused[0].TargetObject | Should -Be $shared
        $refused[0].Exception.Message | Should -Match "shared with account $b"
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 2

        Find-OrphanedAmiSnapshot | Remove-OrphanedAmiSnapshot -Force -Confirm:$false
        Get-LocalAwsCallCount -Action DeleteSnapshot | Should -Be 3
        Get-LocalAwsSnapshotId | Should -Not -Contain $shared
    }

    It 'makes no mutating call with -WhatIf' {
        $before = Get-LocalAwsCallCount -Mutating
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Find-OrphanedAmiSnapshot | Remove-OrphanedAmiSnapshot -WhatIf
"@
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match ([regex]::Escape("Delete orphaned snapshot (50 GiB, left by $($script:Old.imageIds[0]))"))
        $run.Output | Should -Match ([regex]::Escape("on target `"$($script:Old.snapshotIds[1]) in us-east-1`""))
        Get-LocalAwsCallCount -Mutating | Should -Be $before
        @(Find-OrphanedAmiSnapshot).Count | Should -Be 3
    }

    It 'refuses to prompt in a non-interactive pwsh without -Confirm:$false' {
        $before = Get-LocalAwsCallCount -Mutating
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Find-OrphanedAmiSnapshot | Remove-OrphanedAmiSnapshot
"@
        $run.Output | Should -Match 'NonInteractive'
        Get-LocalAwsCallCount -Mutating | Should -Be $before
    }

    It 'rejects a malformed snapshot id before any call' {
        $before = Get-LocalAwsCallCount
        { Remove-OrphanedAmiSnapshot -SnapshotId 'snap-xyz' -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.RemoveOrphanedAmiSnapshotCommand'
        Get-LocalAwsCallCount | Should -Be $before
    }
}
