# The module must work in a session where another module (AWS.Tools, a script's Add-Type) already loaded a
# different AWSSDK.Core. All AWSSDK v4 assemblies are version 4.0.0.0 and v3.7 is 3.3.0.0, so without our
# own AssemblyLoadContext the engine would bind to the wrong Core.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    $script:oldCore = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/awssdk.core/3.7.402/lib/netstandard2.0/AWSSDK.Core.dll'
    Reset-LocalAws
}

Describe 'Assembly isolation' {
    It 'has the old AWSSDK.Core to preload (restored by build/PesterRestore)' {
        $oldCore | Should -Exist
    }

    It 'runs Get-Ami after another AWSSDK.Core was loaded first' {
        $account = Get-LocalAwsAccount
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldCore'
`$preloaded = [Amazon.Runtime.AWSCredentials].Assembly
Import-Module '$env:AMICMDLETS_MODULE'
`$credential = [pscredential]::new('$($account.AccessKey)', (ConvertTo-SecureString '$($account.SecretKey)' -AsPlainText -Force))
`$images = @(Get-Ami -Owner amazon -Region us-east-1 -EndpointUrl '$(Get-LocalAwsUrl)' -Credential `$credential)
`$cores = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' }
"images=`$(`$images.Count) cores=`$(@(`$cores).Count) preloaded=`$(`$preloaded.GetName().Version)"
"@
        $result.Output | Should -Match 'images=[1-9]\d* cores=2 preloaded=3\.3\.0\.0'
        $result.ExitCode | Should -Be 0
    }

    It 'keeps the engine out of the default load context' {
        $result = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Get-AmiContext -Region us-east-1 -NoIdentity | Out-Null
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AmiCmdlets.Engine' }
"context=`$([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name)"
"@
        $result.Output | Should -Match 'context=AmiCmdlets'
    }
}
