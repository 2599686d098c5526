# Help as a user reads it: Get-Help on the built module (MAML made from docs/cmdlets by
# build/New-MamlHelp.ps1). The converter already refuses incomplete pages; this checks that what ships
# is what Get-Help actually finds and shows.

BeforeDiscovery {
    if (-not $env:AMICMDLETS_MODULE) { throw 'AMICMDLETS_MODULE must name the built AmiCmdlets.psd1 (build.ps1 -Task Test sets it).' }
    # Test cases are made at discovery, so the module is imported here; BeforeAll's import is then a no-op.
    $module = Import-Module $env:AMICMDLETS_MODULE -PassThru
    $cmdlets = @($module.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module $env:AMICMDLETS_MODULE
    # PowerShell documents these itself (about_CommonParameters); -WhatIf and -Confirm are the cmdlet's own.
    $script:commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'

    function Get-ParagraphText($description) { (@($description) | ForEach-Object { $_.Text }) -join "`n" }
}

Describe 'Help of every exported cmdlet' {
    It 'the module exports cmdlets' {
        @((Get-Module AmiCmdlets).ExportedCmdlets.Keys).Count | Should -BeGreaterThan 0
    }

    It '<Name> has a synopsis of its own' -ForEach $cmdlets {
        $help = Get-Help $Name -Full
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without a help file Get-Help makes the synopsis from the syntax: "Get-Ami [[-ImageId] <string[]>] ...".
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)" -Because 'the synopsis must come from docs/cmdlets, not from the generated syntax'
        Get-ParagraphText $help.description | Should -Not -BeNullOrEmpty -Because "docs/cmdlets/$Name.md needs a DESCRIPTION"
    }

    It '<Name> describes every parameter' -ForEach $cmdlets {
        $help = Get-Help $Name -Full
        $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
        $parameterNames = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $commonParameters })
        $undescribed = @($parameterNames | Where-Object {
                $parameterName = $_
                $entry = $helpParameters | Where-Object { $_.name -eq $parameterName } | Select-Object -First 1
                -not $entry -or -not (Get-ParagraphText $entry.description).Trim()
            })
        $undescribed | Should -BeNullOrEmpty -Because "every parameter of $Name needs a description in docs/cmdlets/$Name.md (or _CommonParameters.md)"
    }

    It '<Name> shows each parameter''s value type as a user reads it (Int32, not Nullable`1)' -ForEach $cmdlets {
        $syntax = Get-Help $Name | Out-String -Width 400
        $syntax | Should -Not -Match '`1' -Because "Get-Help $Name shows a .NET generic type name"
    }

    It '<Name> has at least one example' -ForEach $cmdlets {
        $help = Get-Help $Name -Full
        @($help.examples.example | Where-Object { $_ }).Count | Should -BeGreaterThan 0
    }

    It 'Get-Help <Name> -Examples shows code' -ForEach $cmdlets {
        $examples = @((Get-Help $Name -Examples).examples.example | Where-Object { $_ })
        $withCode = @($examples | Where-Object { "$($_.code)".Trim() })
        $withCode.Count | Should -BeGreaterThan 0
        $withCode.Count | Should -Be $examples.Count -Because 'every example needs its command'
    }
}
