# The default views as a user sees them in an 80-column terminal: every table fits, headers on one line,
# every column present. Objects are built with the longest values AWS gives (ids, region names, sizes), so
# a real listing cannot be wider.
BeforeDiscovery {
    Import-Module $env:AMICMDLETS_MODULE
    $script:outputTypes = @(Get-Command -Module AmiCmdlets | ForEach-Object { $_.OutputType.Type } |
            Where-Object { $_ -and $_ -ne [void] -and $_.Namespace -eq 'AmiCmdlets' } | Sort-Object FullName -Unique | ForEach-Object { @{ TypeName = $_.FullName } })
    $formatFile = Join-Path (Split-Path $env:AMICMDLETS_MODULE) 'AmiCmdlets.format.ps1xml'
    $script:tables = @(([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View | Where-Object { $_['TableControl'] } |
            ForEach-Object { @{ TypeName = $_.ViewSelectedBy.TypeName; Labels = @($_.TableControl.TableHeaders.TableColumnHeader.Label) } })
}

BeforeAll {
    Import-Module $env:AMICMDLETS_MODULE
    $script:types = @{}
    foreach ($command in Get-Command -Module AmiCmdlets) {
        foreach ($type in $command.OutputType.Type) { if ($type) { $types[$type.FullName] = $type } }
    }
    $formatFile = Join-Path (Split-Path $env:AMICMDLETS_MODULE) 'AmiCmdlets.format.ps1xml'
    $script:views = @{}
    foreach ($view in ([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View) {
        $views[$view.ViewSelectedBy.TypeName] = $view
    }

    # Output types have internal setters (users never build them); the test sets them through reflection.
    function New-Sample([type] $Type, [hashtable] $Values) {
        $object = [Activator]::CreateInstance($Type)
        foreach ($name in $Values.Keys) {
            $property = $Type.GetProperty($name)
            $value = $Values[$name]
            if ($null -ne $value -and -not $property.PropertyType.IsInstanceOfType($value)) { $value = $value -as $property.PropertyType }
            $property.SetValue($object, $value)
        }
        $object
    }

    $longName = 'web-golden-' + ('x' * 117)
    $date = [datetime]::new(2026, 11, 26, 6, 4, 0, [DateTimeKind]::Utc)
    $script:samples = @{
        'AmiCmdlets.Ami'                 = @{ ImageId = 'ami-0123456789abcdef0'; Name = $longName; Region = 'ap-southeast-2'; State = 'available'
            CreationDate = $date; Encrypted = $true; DeprecationTime = $date.AddDays(90); OwnerId = '123456789012'
        }
        'AmiCmdlets.AmiCleanupCandidate' = @{ ImageId = 'ami-0123456789abcdef0'; Name = $longName; Region = 'ap-southeast-2'; Family = $longName
            State = 'available'; CreationDate = $date; AgeDays = 3650; SnapshotGiB = 65536; EstimatedMonthlyCost = [decimal]3276.8
            InUseBy = [string[]]@('instance i-0123456789abcdef0 (running)')
        }
        'AmiCmdlets.AmiLaunchPermission' = @{ ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'; Kind = 'OrganizationalUnit'
            Principal = 'arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-a1b2-c3d4e5f6'; SnapshotPermission = $false; KmsGrant = $true
        }
        'AmiCmdlets.AmiOrphanedSnapshot' = @{ SnapshotId = 'snap-0123456789abcdef0'; Region = 'ap-southeast-2'; FormerImageId = 'ami-0123456789abcdef0'
            SizeGiB = 65536; StartTime = $date; AgeDays = 3650; EstimatedMonthlyCost = [decimal]3276.8
        }
        'AmiCmdlets.AmiRemovalResult'    = @{ ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'; Name = $longName; Deregistered = $true
            DeletedSnapshotIds = [string[]]@('snap-0123456789abcdef0', 'snap-0123456789abcdef1'); FreedGiB = 65536; Undo = 'RecycleBin'
        }
        'AmiCmdlets.AmiCost'             = @{ ImageId = 'ami-0123456789abcdef0'; Name = $longName; Region = 'ap-southeast-2'; StorageTier = 'standard'
            StandardGiB = [decimal]65536; MonthlyCost = [decimal]3276.8; IsEstimate = $true
        }
        'AmiCmdlets.AmiCostGroup'        = @{ GroupBy = 'Tag:Application'; Group = $longName; ImageCount = 100000; SnapshotCount = 100000
            StandardGiB = [decimal]6553600; ArchiveGiB = [decimal]655360; MonthlyCost = [decimal]335872; IsEstimate = $true
        }
        'AmiCmdlets.AmiRecycleBinEntry'  = @{ ImageId = 'ami-0123456789abcdef0'; Name = $longName; Region = 'ap-southeast-2'; RecycleBinExitTime = $date
            SnapshotIds = [string[]]@('snap-0123456789abcdef0', 'snap-0123456789abcdef1')
        }
        'AmiCmdlets.AmiSnapshotTier'     = @{ SnapshotId = 'snap-0123456789abcdef0'; ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'
            StorageTier = 'standard'; TieringStatus = 'temporary-restore-in-progress'; Progress = 100
        }
        'AmiCmdlets.AmiTrustReport'      = @{ ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'; Name = $longName; Source = 'SharedWithYou'
            AgeDays = 3650; CriticalFindings = 12345; Trusted = $false; Reasons = [string[]]@('a community image')
        }
        'AmiCmdlets.AmiUsage'            = @{ ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'; Name = $longName; UsedByAccountId = '123456789012'
            ResourceType = 'imagebuilder:ContainerRecipe'; Count = [long]99999; LastLaunchedTime = $date
        }
        'AmiCmdlets.InstanceOnOutdatedAmi' = @{ InstanceId = 'i-0123456789abcdef0'; Region = 'ap-southeast-2'; ImageId = 'ami-0123456789abcdef0'
            ImageName = $longName; ImageState = 'deregistered'; Reasons = [string[]]@('Deregistered', 'Deprecated', 'NotShared')
        }
        'AmiCmdlets.AmiBuildInstance'    = @{ InstanceId = 'i-0123456789abcdef0'; BuildId = 'b-0123456789ab'; State = 'terminated'; Region = 'ap-southeast-2'; LaunchTime = $date }
        'AmiCmdlets.AmiAncestryEntry'    = @{ Generation = 99; ImageId = 'ami-0123456789abcdef0'; Region = 'ap-southeast-2'
            SourceImageId = 'ami-0123456789abcdef1'; SourceRegion = 'ap-southeast-2'; CreationDate = $date
        }
        'AmiCmdlets.AmiAllowedSetting'   = @{ AccountId = '123456789012'; Region = 'ap-southeast-2'; State = 'AuditMode' }
        'AmiCmdlets.AmiContextInfo'      = @{ Region = 'ap-southeast-2'; RegionSource = 'environment variable AWS_REGION'; CredentialSource = 'profile' }
    }
    # What each row must show unclipped (a long name may end in '...'; an id, a region or a number never).
    $script:whole = @{
        'AmiCmdlets.Ami'                 = 'ami-0123456789abcdef0', 'available', 'ap-southeast-2', '2026-11-26'
        'AmiCmdlets.AmiCleanupCandidate' = 'ami-0123456789abcdef0', 'ap-southeast-2', '3650', '65536', 'yes'
        'AmiCmdlets.AmiLaunchPermission' = 'ami-0123456789abcdef0', 'OrganizationalUnit', 'False', 'True'
        'AmiCmdlets.AmiOrphanedSnapshot' = 'snap-0123456789abcdef0', 'ap-southeast-2', 'ami-0123456789abcdef0', '65536', '3650'
        'AmiCmdlets.AmiTrustReport'      = 'ami-0123456789abcdef0', 'ap-southeast-2', 'SharedWithYou', '3650', '12345', 'False'
        'AmiCmdlets.AmiUsage'            = 'ami-0123456789abcdef0', 'ap-southeast-2', '123456789012', 'container recipe', '99999'
        'AmiCmdlets.InstanceOnOutdatedAmi' = 'i-0123456789abcdef0', 'ap-southeast-2', 'ami-0123456789abcdef0'
        'AmiCmdlets.AmiRemovalResult'    = 'ami-0123456789abcdef0', 'ap-southeast-2', 'True', 'bin'
        'AmiCmdlets.AmiRecycleBinEntry'  = 'ami-0123456789abcdef0', 'ap-southeast-2', '2026-11-26 06:04'
        'AmiCmdlets.AmiSnapshotTier'     = 'snap-0123456789abcdef0', 'ap-southeast-2', 'standard', 'temporary-restore-in-progress', '100'
        'AmiCmdlets.AmiCost'             = 'ami-0123456789abcdef0', 'ap-southeast-2', 'standard', '65536', '~3276.80'
        'AmiCmdlets.AmiBuildInstance'    = 'i-0123456789abcdef0', 'b-0123456789ab', 'terminated', 'ap-southeast-2'
        'AmiCmdlets.AmiAncestryEntry'    = '99', 'ami-0123456789abcdef0', 'ap-southeast-2', 'ami-0123456789abcdef1', '2026-11-26'
        'AmiCmdlets.AmiAllowedSetting'   = '123456789012', 'ap-southeast-2', 'AuditMode'
        'AmiCmdlets.AmiCostGroup'        = '100000', '655360', '7208960', '~335872.00'
    }
}

Describe 'Output type <TypeName>' -ForEach $outputTypes {
    It 'has a default view in AmiCmdlets.format.ps1xml and a sample here' {
        $views[$TypeName] | Should -Not -BeNullOrEmpty
        $samples.ContainsKey($TypeName) | Should -BeTrue -Because 'every output type is rendered below'
    }
}

Describe 'The <TypeName> table' -ForEach $tables {

    It 'fits its default table in 80 columns, every column present with its header on one line' {
        $sample = New-Sample $types[$TypeName] $samples[$TypeName]
        $lines = @(($sample, $sample | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' must fit an 80-column terminal" }
        # A wrapped header puts its rest on the next line, where the dashes belong.
        $lines[1] | Should -Match '^[- ]+$' -Because "the header must be one line:`n$($lines[0..3] -join "`n")"
        foreach ($label in $Labels) {
            $lines[0] | Should -Match "(^|\s)$([regex]::Escape($label))(\s|$)" -Because "column '$label' must be shown whole"
        }
        $lines.Count | Should -Be 4 -Because 'each row is one line'
        foreach ($value in $whole[$TypeName]) { $lines[2] | Should -Match "(^|\s)$([regex]::Escape($value))(\s|$)" -Because "'$value' must be shown whole" }
    }

    It 'has the same columns with and without a width limit' {
        $sample = New-Sample $types[$TypeName] $samples[$TypeName]
        $narrow = @(($sample | Format-Table | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() })[0]
        $wide = @(($sample | Format-Table | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() })[0]
        ($narrow -split '\s+' -ne '') | Should -Be ($wide -split '\s+' -ne '')
    }
}
