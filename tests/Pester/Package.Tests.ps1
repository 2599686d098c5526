# The PowerShell Gallery package as a user gets it: out/AmiCmdlets.<version>.nupkg (build.ps1 -Task Package;
# -Task Test makes it before Pester runs) served from a local repository, installed with Install-PSResource
# in a fresh pwsh, imported by name and used against LocalAws. Nothing is installed into the real profile.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Add-Type -AssemblyName System.IO.Compression.ZipFile
    Use-LocalAwsAccount Default
    $script:version = (Import-PowerShellDataFile $env:AMICMDLETS_MODULE).ModuleVersion
    $script:scratch = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-package-test-' + [guid]::NewGuid().ToString('n')))

    # The build's package when it was made from the module under test, else a package of that module made now.
    $moduleFolder = Split-Path $env:AMICMDLETS_MODULE
    $built = Join-Path (Split-Path $moduleFolder) "AmiCmdlets.$version.nupkg"
    if ((Test-Path $built) -and (Get-Item $built).LastWriteTimeUtc -ge (Get-Item $env:AMICMDLETS_MODULE).LastWriteTimeUtc) {
        $script:package = $built
    }
    else {
        $repoRoot = Join-Path $PSScriptRoot '../..'
        $extra = (Join-Path $repoRoot 'LICENSE'), (Join-Path $repoRoot 'CHANGELOG.md') -join [IO.Path]::PathSeparator
        $made = & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $repoRoot 'build/Publish-ModulePackage.ps1') `
            -ModulePath $moduleFolder -OutputPath (Join-Path $scratch 'made') -ExtraFile $extra
        if ($LASTEXITCODE -ne 0) { throw "Packaging the module under test failed: $made" }
        $script:package = @($made)[-1]
    }
    # The repository folder holds this one package only, as a gallery feed would.
    $script:repository = New-Item -ItemType Directory (Join-Path $scratch 'repository')
    Copy-Item $package $repository

    $zip = [IO.Compression.ZipFile]::OpenRead($package)
    try {
        $script:entries = @($zip.Entries | ForEach-Object FullName)
        $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'AmiCmdlets.nuspec').Open())
        try { $script:nuspec = ([xml]$reader.ReadToEnd()).package.metadata }
        finally { $reader.Dispose() }
    }
    finally { $zip.Dispose() }
}

AfterAll {
    Remove-Item -Recurse -Force $scratch -ErrorAction Ignore
}

Describe 'The gallery package' {
    It 'is named after the module and its version' {
        Split-Path -Leaf $package | Should -Be "AmiCmdlets.$version.nupkg"
        $nuspec.id | Should -Be 'AmiCmdlets'
        $nuspec.version | Should -Be $version
    }

    It 'carries what the gallery shows' {
        $nuspec.description | Should -Match 'Amazon Machine Image'
        $nuspec.projectUrl | Should -Match '^https://'
        $nuspec.licenseUrl | Should -Match '^https://.+LICENSE$'
        $nuspec.releaseNotes | Should -Match 'CHANGELOG\.md'
        $nuspec.copyright | Should -Match 'Apache License 2\.0'
        $tags = $nuspec.tags -split ' '
        foreach ($tag in 'PSModule', 'AWS', 'EC2', 'AMI', 'PSEdition_Core', 'PSEdition_Desktop') { $tags | Should -Contain $tag }
    }

    It 'ships the isolation layout, the help, the format file, the licence and the changelog' {
        foreach ($file in 'AmiCmdlets.psd1', 'AmiCmdlets.dll', 'AmiCmdlets.Contracts.dll', 'AmiCmdlets.Isolation.dll', 'AmiCmdlets.format.ps1xml', 'AmiCmdlets.Requirements.ps1',
            'en-US/AmiCmdlets.dll-Help.xml', 'Dependencies/AmiCmdlets.Engine.dll', 'Dependencies/AWSSDK.Core.dll', 'Dependencies/AWSSDK.EC2.dll',
            'Dependencies/AWSSDK.KeyManagementService.dll', 'Dependencies/AWSSDK.SecurityToken.dll', 'LICENSE', 'CHANGELOG.md') {
            $entries | Should -Contain $file
        }
        # An AWSSDK beside AmiCmdlets.dll would load into the default context and defeat the isolation.
        $entries | Where-Object { $_ -notlike '*/*' -and $_ -like 'AWSSDK*' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -like 'Dependencies/AmiCmdlets.Contracts.dll' } | Should -BeNullOrEmpty
    }

    It 'installs with Install-PSResource in a fresh pwsh, imports by name and runs Get-Ami against LocalAws' {
        # A throwaway user: on Linux and macOS both PSResourceGet's CurrentUser scope and pwsh's module path
        # follow HOME. On Windows the CurrentUser scope is the real Documents folder, so the test saves the
        # module next to the scratch folder instead and puts that first on PSModulePath.
        # PSResourceGet's settings go under ~/.local/share, which must exist (else it falls back to the current folder).
        New-Item -ItemType Directory -Force (Join-Path $scratch 'home/.local/share') | Out-Null
        $modules = Join-Path $scratch 'modules'
        $repositoryName = 'AmiCmdletsTest' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name '$repositoryName' -Uri '$repository' -Trusted
try {
    if (`$IsWindows) {
        Save-PSResource -Name AmiCmdlets -Repository '$repositoryName' -TrustRepository -Path '$modules'
        `$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
    }
    else {
        Install-PSResource -Name AmiCmdlets -Repository '$repositoryName' -TrustRepository -Scope CurrentUser
    }
    Import-Module AmiCmdlets
    `$module = Get-Module AmiCmdlets
    "base=`$(`$module.ModuleBase)"
    "version=`$(`$module.Version)"
    `$images = @(Get-Ami -Owner amazon)
    "images=`$(`$images.Count) type=`$(`$images[0].GetType().FullName)"
    "synopsis=`$((Get-Help Get-Ami).Synopsis)"
}
finally { Unregister-PSResourceRepository -Name '$repositoryName' }
"@
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; PSModulePath = $env:PSModulePath }
        try {
            $env:HOME = Join-Path $scratch 'home'
            # Unset, so that pwsh and PSResourceGet both derive their folders from HOME and nothing else.
            $env:XDG_DATA_HOME = $null
            $env:PSModulePath = $null
            $result = Invoke-FreshPwsh $script
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }

        $result.Output | Should -Match "base=$([regex]::Escape($scratch.FullName))"
        $result.Output | Should -Match "version=$([regex]::Escape($version))"
        $result.Output | Should -Match 'images=[1-9]\d* type=AmiCmdlets\.Ami'
        $result.Output | Should -Match 'synopsis=Gets AMIs'
        $result.ExitCode | Should -Be 0
    }
}
