# The README's "Test your runbooks offline" Pester file, run exactly as a user runs it: from the installed packages
# (the AmiCmdlets and AmiCmdlets.LocalAws gallery packages saved with Save-PSResource, the LocalAws .NET tool
# installed with 'dotnet tool install'), in a fresh pwsh that knows nothing of this repository, its build or the
# suite's LocalAws. The files are tests/Pester/Fixtures/UserExample/*, and the README must show them verbatim.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    $script:example = Join-Path $PSScriptRoot 'Fixtures/UserExample'
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:version = (Import-PowerShellDataFile $env:AMICMDLETS_MODULE).ModuleVersion
    $script:scratch = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-user-example-' + [guid]::NewGuid().ToString('n')))

    # The gallery package of a built module: the build's own in out/ when it is not older than the module, else made now.
    function Get-ModulePackage([string] $Manifest) {
        $folder = Split-Path $Manifest
        $name = Split-Path -Leaf $folder
        $built = Join-Path (Split-Path $folder) "$name.$version.nupkg"
        if ((Test-Path $built) -and (Get-Item $built).LastWriteTimeUtc -ge (Get-Item $Manifest).LastWriteTimeUtc) { return $built }
        $made = & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $repoRoot 'build/Publish-ModulePackage.ps1') -ModulePath $folder -OutputPath (Join-Path $scratch 'made')
        if ($LASTEXITCODE -ne 0) { throw "Packaging $name failed: $made" }
        @($made)[-1]
    }

    # What the user installs: both modules from a gallery feed, and the tool.
    $modules = New-Item -ItemType Directory (Join-Path $scratch 'modules')
    $feed = New-Item -ItemType Directory (Join-Path $scratch 'gallery')
    Copy-Item (Get-ModulePackage $env:AMICMDLETS_MODULE), (Get-ModulePackage (Get-LocalAwsModulePath)) $feed
    $save = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
`$env:XDG_DATA_HOME = '$(New-Item -ItemType Directory (Join-Path $scratch 'data'))'
Register-PSResourceRepository -Name UserExampleFeed -Uri '$feed' -Trusted
try { Save-PSResource -Name AmiCmdlets, AmiCmdlets.LocalAws -Repository UserExampleFeed -TrustRepository -Path '$modules' }
finally { Unregister-PSResourceRepository -Name UserExampleFeed }
"@
    if ($save.ExitCode -ne 0) { throw "Save-PSResource failed: $($save.Output)" }
    $tools = Join-Path $scratch 'tools'
    $toolPackage = Get-LocalAwsToolPackage -Version $version -Scratch $scratch
    $install = & dotnet tool install LocalAws --version $version --tool-path $tools --configfile (New-LocalPackageSource -Package $toolPackage -Scratch $scratch) 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet tool install LocalAws failed: $install" }

    # The user's folder: the runbook and its test, nothing else.
    $userFolder = New-Item -ItemType Directory (Join-Path $scratch 'runbooks')
    Copy-Item (Join-Path $example '*') $userFolder

    # A fresh pwsh with the installed modules and the tool on its paths, and none of the suite's environment.
    $pester = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    $resultFile = Join-Path $scratch 'result.json'
    $saved = @{}
    foreach ($name in 'PATH', 'PSModulePath', 'AMICMDLETS_MODULE', 'LOCALAWS_URL', 'LOCALAWS_PATH', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    try {
        $env:PATH = $tools + [IO.Path]::PathSeparator + $env:PATH
        $env:PSModulePath = $modules.FullName
        foreach ($name in $saved.Keys) { if ($name -notin 'PATH', 'PSModulePath') { Remove-Item "Env:$name" -ErrorAction Ignore } }
        $script:run = Invoke-FreshPwsh @"
Import-Module '$pester'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$userFolder'
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Detailed'
`$result = Invoke-Pester -Configuration `$configuration
@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount
   Modules = @(Get-Module AmiCmdlets, AmiCmdlets.LocalAws | ForEach-Object ModuleBase) } | ConvertTo-Json | Set-Content '$resultFile'
"@
    }
    finally {
        foreach ($name in $saved.Keys) { if ($null -eq $saved[$name]) { Remove-Item "Env:$name" -ErrorAction Ignore } else { Set-Item "Env:$name" $saved[$name] } }
    }
    $script:result = if (Test-Path $resultFile) { Get-Content -Raw $resultFile | ConvertFrom-Json } else { $null }
}

AfterAll {
    Remove-Item -Recurse -Force $scratch -ErrorAction Ignore
}

Describe 'The README''s Pester example for users' {
    It 'passes, run from the installed packages in a fresh pwsh' {
        $result | Should -Not -BeNullOrEmpty -Because $run.Output
        $result.Failed | Should -Be 0 -Because $run.Output
        $result.Passed | Should -Be 2 -Because $run.Output
    }

    It 'used the installed modules, not the repository or its build' {
        foreach ($base in $result.Modules) { $base | Should -BeLike "$($scratch.FullName)*" }
    }

    It 'is shown verbatim in the README' {
        $readme = (Get-Content -Raw (Join-Path $repoRoot 'README.md')) -replace '\r\n', "`n"
        foreach ($file in Get-ChildItem $example) {
            $text = (Get-Content -Raw $file.FullName) -replace '\r\n', "`n"
            $readme.Contains("``````powershell`n$text``````") | Should -BeTrue -Because "README.md must show $($file.Name) exactly (a powershell code block)"
        }
    }
}
