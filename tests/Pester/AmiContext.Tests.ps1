# Set-/Get-/Clear-AmiContext and how region, credentials and endpoint are resolved.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
}

Describe 'Region resolution' {
    BeforeEach {
        Use-LocalAwsAccount Default
        Clear-AmiContext
    }

    It 'fails with RegionNotSpecified naming the options when no region is set anywhere' {
        Remove-Item Env:AWS_REGION, Env:AWS_DEFAULT_REGION -ErrorAction Ignore
        $env:AWS_CONFIG_FILE = Join-Path $TestDrive 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $TestDrive 'no-credentials'
        try {
            { Get-Ami } | Should -Throw -ErrorId 'RegionNotSpecified,AmiCmdlets.GetAmiCommand' -ExpectedMessage '*-Region*Set-AmiContext*AWS_REGION*AWS_DEFAULT_REGION*'
        }
        finally { Remove-Item Env:AWS_CONFIG_FILE, Env:AWS_SHARED_CREDENTIALS_FILE }
    }

    It 'refuses a region AWS does not have as UnknownRegion, before anything is stored or called' {
        Reset-LocalAws
        { Set-AmiContext -Region us-east-9 } | Should -Throw -ErrorId 'UnknownRegion,AmiCmdlets.SetAmiContextCommand' -ExpectedMessage '*us-east-1, us-east-2*'
        (Get-AmiContext -NoIdentity).Region | Should -Be 'us-east-1'
        { Get-Ami -Region us-east-9 } | Should -Throw -ErrorId 'UnknownRegion,AmiCmdlets.GetAmiCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'says RegionNotEnabled for an opt-in region the account has not enabled, not "check your keys"' {
        { Get-Ami -Region af-south-1 } | Should -Throw -ErrorId 'RegionNotEnabled,AmiCmdlets.GetAmiCommand' -ExpectedMessage '*enable-region --region-name af-south-1*'
    }

    It 'uses AWS_DEFAULT_REGION when AWS_REGION is not set' {
        Remove-Item Env:AWS_REGION
        $env:AWS_DEFAULT_REGION = 'eu-north-1'
        try { (Get-AmiContext).Region | Should -Be 'eu-north-1' }
        finally { Remove-Item Env:AWS_DEFAULT_REGION }
    }

    It 'prefers -Region, then the context, then the environment' {
        Set-AmiContext -Region ap-south-1
        (Get-AmiContext -NoIdentity).RegionSource | Should -Be 'Set-AmiContext'
        (Get-AmiContext -Region sa-east-1 -NoIdentity).Region | Should -Be 'sa-east-1'
        Clear-AmiContext
        (Get-AmiContext -NoIdentity).RegionSource | Should -Be 'environment variable AWS_REGION'
    }

    It 'says where each setting came from with -Debug' {
        $debug = Get-AmiContext -NoIdentity -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        "$debug" | Should -Match 'region us-east-1 from environment variable AWS_REGION; credentials from SDK default chain'
    }
}

Describe 'Get-AmiContext' {
    BeforeEach { Use-LocalAwsAccount Default; Clear-AmiContext }

    It 'shows the account from STS' {
        $context = Get-AmiContext
        $context.Account | Should -Be (Get-LocalAwsAccount).Id
        $context.Arn | Should -BeLike 'arn:aws:iam::*'
        $context.EndpointUrl | Should -Be (Get-LocalAwsUrl)
    }

    It 'uses -Credential over the environment' {
        (Get-AmiContext -Credential (New-LocalAwsCredential B)).Account | Should -Be (Get-LocalAwsAccount B).Id
    }

    It 'assumes -RoleArn on top of the credentials' {
        $context = Get-AmiContext -RoleArn "arn:aws:iam::$((Get-LocalAwsAccount C).Id):role/ami-admin"
        $context.Account | Should -Be (Get-LocalAwsAccount C).Id
        $context.Arn | Should -BeLike '*assumed-role/ami-admin/AmiCmdlets-*'
    }

    It 'rejects a malformed role ARN at binding' {
        { Get-AmiContext -RoleArn 'admin' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AmiCmdlets.GetAmiContextCommand'
    }

    It 'fails on a profile that does not exist instead of falling through' {
        # A fresh process: the SDK reads the shared files' location once per process.
        $credentials = Join-Path $TestDrive 'credentials'
        $account = Get-LocalAwsAccount B
        Set-Content $credentials "[ops]`naws_access_key_id = $($account.AccessKey)`naws_secret_access_key = $($account.SecretKey)"
        $result = Invoke-FreshPwsh @"
`$env:AWS_SHARED_CREDENTIALS_FILE = '$credentials'
`$env:AWS_CONFIG_FILE = '$(Join-Path $TestDrive 'config')'
Import-Module '$env:AMICMDLETS_MODULE'
try { Get-Ami -ProfileName missing -ErrorAction Stop } catch { "ERROR=`$(`$_.FullyQualifiedErrorId)" }
"ACCOUNT=`$((Get-AmiContext -ProfileName ops).Account)"
"@
        $result.Output | Should -Match 'ERROR=ProfileNotFound,AmiCmdlets.GetAmiCommand'
        $result.Output | Should -Match "ACCOUNT=$($account.Id)"
    }
}

Describe 'Set-AmiContext' {
    BeforeEach { Use-LocalAwsAccount Default; Clear-AmiContext }
    AfterAll { Clear-AmiContext }

    It 'stores credentials and endpoint for later calls until cleared' {
        Remove-Item Env:AWS_ENDPOINT_URL
        Set-AmiContext -Region eu-west-2 -Credential (New-LocalAwsCredential C) -EndpointUrl (Get-LocalAwsUrl)
        $context = Get-AmiContext
        $context.Account | Should -Be (Get-LocalAwsAccount C).Id
        $context.Region | Should -Be 'eu-west-2'
        $context.EndpointSource | Should -Be 'Set-AmiContext'
        Clear-AmiContext
        (Get-AmiContext -NoIdentity).EndpointSource | Should -Not -Be 'Set-AmiContext'
    }
}

Describe 'Secrets' {
    It 'never show a secret key in any stream or error' {
        Use-LocalAwsAccount Default
        $secret = 'this-secret-must-never-be-printed'
        $credential = [pscredential]::new('AKIALOCALAWSDEFAULT0', (ConvertTo-SecureString $secret -AsPlainText -Force))
        $all = & {
            try { Get-AmiContext -Credential $credential -Debug -Verbose } catch { $_ }
            try { Get-Ami -Credential $credential -Debug -Verbose } catch { $_ }
        } *>&1 | Out-String
        $errors = $Error | ForEach-Object { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
        $all | Should -Match 'AwsAuthenticationFailed|Signature|AuthFailure'
        $all | Should -Not -Match $secret
        "$errors" | Should -Not -Match $secret
    }
}
