# No credentials anywhere, as on a new machine: the error says where it looked, one line each, and what to
# do, without the SDK's provider exceptions. Run in a fresh pwsh whose environment has no keys, empty shared
# files and no instance metadata.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

    $script:emptyDir = Join-Path ([IO.Path]::GetTempPath()) ('amicmdlets-nocreds-' + [guid]::NewGuid())
    New-Item -ItemType Directory $emptyDir | Out-Null
    $script:credentialsFile = Join-Path $emptyDir 'credentials'
    $script:configFile = Join-Path $emptyDir 'config'
    Set-Content $credentialsFile '' -NoNewline
    Set-Content $configFile '' -NoNewline

    # The child pwsh inherits this process's environment: set it as a new user's machine would have it.
    $script:saved = @{}
    $unset = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_ENDPOINT_URL'
    $set = @{ AWS_SHARED_CREDENTIALS_FILE = $credentialsFile; AWS_CONFIG_FILE = $configFile; AWS_EC2_METADATA_DISABLED = 'true'; AWS_REGION = 'us-east-1' }
    foreach ($name in $unset + @($set.Keys)) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    foreach ($name in $unset) { [Environment]::SetEnvironmentVariable($name, $null) }
    foreach ($name in $set.Keys) { [Environment]::SetEnvironmentVariable($name, $set[$name]) }

    $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
try { Get-Ami -EndpointUrl '$(Get-LocalAwsUrl)' -ErrorAction Stop; 'NO ERROR' }
catch { 'ID=' + `$_.FullyQualifiedErrorId; 'MESSAGE-START'; `$_.Exception.Message; 'MESSAGE-END' }
"@
    $script:output = $run.Output
    $script:message = if ($output -match '(?s)MESSAGE-START\r?\n(.*)\r?\nMESSAGE-END') { $Matches[1] } else { '' }
}

AfterAll {
    foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    Remove-Item -Recurse -Force $emptyDir -ErrorAction Ignore
}

Describe 'No credentials anywhere' {
    It 'fails with AwsCredentialsNotFound' {
        $output | Should -Match 'ID=AwsCredentialsNotFound,AmiCmdlets.GetAmiCommand'
    }

    It 'leaves out the SDK''s provider exceptions' {
        $message | Should -Not -BeNullOrEmpty -Because $output
        $message | Should -Not -Match 'Exception \d of \d'
        $message | Should -Not -Match 'webIdentityTokenFile must be an absolute path'
        $message | Should -Not -Match 'Failed to resolve AWS credentials'
    }

    It 'names each source it tried, one line each' {
        # What was tried comes before what to do, which may name the same variables again.
        $tried = ($message -split '(?m)^To fix')[0]
        $message | Should -Match '(?m)^To fix' -Because $message
        $lines = @($tried -split "`r?`n")
        foreach ($source in 'AWS_ACCESS_KEY_ID', 'AWS_WEB_IDENTITY_TOKEN_FILE', "profile 'default'", 'AWS_CONTAINER_CREDENTIALS', 'AWS_EC2_METADATA_DISABLED') {
            @($lines | Where-Object { $_ -match [regex]::Escape($source) }).Count | Should -Be 1 -Because "one line says what '$source' gave:`n$message"
        }
        ($lines | Where-Object { $_ -match "profile 'default'" }) | Should -Match ([regex]::Escape($credentialsFile))
    }

    It 'says what to do' {
        foreach ($fix in '-Credential', '-ProfileName', 'Set-AmiContext', 'AWS_SECRET_ACCESS_KEY', 'aws configure') {
            $message | Should -Match ([regex]::Escape($fix))
        }
    }
}
