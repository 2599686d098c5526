# LocalAws as users install it: the .NET tool package out/LocalAws.<version>.nupkg (build.ps1 -Task Package;
# -Task Test makes it before Pester runs), installed with 'dotnet tool install' into a scratch tool path from
# that folder alone (a nuget.config that clears every other source), then run as 'localaws'.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    $script:version = (Import-PowerShellDataFile $env:AMICMDLETS_MODULE).ModuleVersion
    $script:scratch = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) ('localaws-tool-test-' + [guid]::NewGuid().ToString('n')))
    $script:toolPath = Join-Path $scratch 'tools'
    $script:package = Get-LocalAwsToolPackage -Version $version -Scratch $scratch
    $script:install = & dotnet tool install LocalAws --version $version --tool-path $toolPath --configfile (New-LocalPackageSource -Package $package -Scratch $scratch) 2>&1
    $script:installExit = $LASTEXITCODE
    $script:localaws = Join-Path $toolPath ($(if ($IsWindows) { 'localaws.exe' } else { 'localaws' }))
}

AfterAll {
    Remove-Item -Recurse -Force $scratch -ErrorAction Ignore
}

Describe 'The LocalAws .NET tool package' {
    It 'is named LocalAws and carries the module version' {
        Split-Path -Leaf $package | Should -Be "LocalAws.$version.nupkg"
    }

    It 'installs from out/ alone and gives a localaws command' {
        $installExit | Should -Be 0 -Because ($install | Out-String)
        $localaws | Should -Exist
    }

    It 'prints its options with --help and exits 0' {
        $help = & $localaws --help
        $LASTEXITCODE | Should -Be 0
        ($help | Out-String) | Should -Match '--port N'
        ($help | Out-String) | Should -Match '--accounts N'
    }

    It 'refuses an unknown option with exit code 2' {
        & $localaws --no-such-option 2>$null
        $LASTEXITCODE | Should -Be 2
    }

    It 'starts on a loopback port, answers the AWS API and stops' {
        $server = Start-LocalAws -Path $localaws
        try {
            $server.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            Reset-LocalAws -Url $server.Url
            @(Get-LocalAwsCall -Url $server.Url) | Should -BeNullOrEmpty
        }
        finally { Stop-LocalAws $server }
        $server.Process.HasExited | Should -BeTrue
    }
}
