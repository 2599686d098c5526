# What build.ps1 -Task Demo prints: no MSBuild summaries between the steps, and each step's result once,
# under its own header. The tour itself takes a minute, so its scripts are checked by reading them, and the
# build arguments by building an empty project with them.
BeforeDiscovery {
    $script:demoFiles = @(Get-ChildItem (Join-Path $PSScriptRoot '../../demo') -Filter '*.ps1' |
            Where-Object Name -Match '^[0-9][0-9]-' | ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    $script:buildScript = Join-Path $PSScriptRoot '../../build.ps1'
    $script:ast = [System.Management.Automation.Language.Parser]::ParseFile($buildScript, [ref]$null, [ref]$null)
}

Describe 'build.ps1' {
    It 'passes the quiet build arguments to every dotnet build, publish and restore' {
        $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] -and
                $node.GetCommandName() -eq 'Invoke-Dotnet' -and $node.CommandElements[1].Extent.Text -in 'build', 'publish', 'restore' }, $true)
        $calls.Count | Should -BeGreaterThan 3
        foreach ($call in $calls) { $call.Extent.Text | Should -Match '@quietBuild' -Because "$($call.Extent.Text) must not print MSBuild's summary" }
    }

    It 'builds without printing "Build succeeded"' {
        $assignment = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] -and
                $node.Left.Extent.Text -eq '$quietBuild' }, $true)
        $quietBuild = & ([scriptblock]::Create($assignment.Right.Extent.Text))
        $project = Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-quiet-' + [guid]::NewGuid() + '.proj')
        Set-Content $project '<Project><Target Name="Build"><Message Importance="low" Text="built" /></Target></Project>'
        try { $output = & dotnet build $project @quietBuild 2>&1 | Out-String }
        finally { Remove-Item $project -ErrorAction Ignore }
        $LASTEXITCODE | Should -Be 0 -Because $output
        $output | Should -Not -Match 'Build succeeded|Warning\(s\)|Time Elapsed'
    }
}

Describe 'Demo step <Name>' -ForEach $demoFiles {
    It 'renders each step''s result once, after its Show-Step header' {
        $steps = @(0)
        $outputs = [System.Collections.Generic.List[int]]::new()
        $tokens = $null
        $fileAst = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$null)
        $commands = $fileAst.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] -and
                $node.GetCommandName() -in 'Show-Step', 'Show-Output' }, $true) | Sort-Object { $_.Extent.StartOffset }
        $shownInStep = 0
        $sawStep = $false
        foreach ($command in $commands) {
            if ($command.GetCommandName() -eq 'Show-Step') { $sawStep = $true; $shownInStep = 0; continue }
            $sawStep | Should -BeTrue -Because "output at line $($command.Extent.StartLineNumber) needs a header before it"
            $shownInStep++
            $shownInStep | Should -Be 1 -Because "line $($command.Extent.StartLineNumber) shows a second result under one header"
        }
    }
}
