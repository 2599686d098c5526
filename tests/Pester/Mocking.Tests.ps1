# A user's unit test for their own runbook (Fixtures/Publish-GoldenImage.ps1): New-GoldenAmi and
# Copy-AmiToRegion are mocked with plain Mock, no -ModuleName, because the caller is the user's script.
# Pester copies each cmdlet's parameter metadata into its mock, so the mock binds piped objects by property
# name and checks id shapes as the real cmdlet does. AWS must not be called at all.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    # Mock needs the real commands to copy their parameters from.
    Import-Module $env:AMICMDLETS_MODULE
    # Pointed at LocalAws only to prove nothing reaches it: a mock that did not apply would call it here.
    Use-LocalAwsAccount Default
    $script:runbook = Join-Path $PSScriptRoot 'Fixtures/Publish-GoldenImage.ps1'
    $script:goldenId = 'ami-0123456789abcdef0'
}

Describe 'Testing a runbook with mocked AmiCmdlets' {
    BeforeEach {
        $script:callsBefore = Get-LocalAwsCallCount
        Mock New-GoldenAmi {
            [pscustomobject]@{ ImageId = $goldenId; Region = $Region; Name = 'golden-2026-11-26'; State = 'available' }
        }
        Mock Copy-AmiToRegion {
            $copy = 0
            foreach ($destination in $DestinationRegion) {
                $copy++
                [pscustomobject]@{ ImageId = 'ami-0c{0:d15}' -f $copy; Region = $destination; SourceImageId = $ImageId; State = 'available' }
            }
        }
    }

    AfterEach {
        Get-LocalAwsCallCount | Should -Be $callsBefore -Because 'mocked cmdlets make no AWS calls'
    }

    It 'captures once, from the given instance and region, and waits' {
        & $runbook -InstanceId 'i-0123456789abcdef0' -Region 'us-west-2' | Out-Null

        Should -Invoke New-GoldenAmi -Times 1 -Exactly -ParameterFilter {
            $InstanceId -eq 'i-0123456789abcdef0' -and $Region -eq 'us-west-2' -and $Name -eq 'golden-{date}' -and $Wait -and $Tag.Role -eq 'golden'
        }
    }

    It 'copies the captured image, encrypted with the fleet key, to both fleet regions in one call' {
        $result = & $runbook -InstanceId 'i-0123456789abcdef0'

        # ImageId and Region came through the pipeline by property name, as with the real cmdlet.
        Should -Invoke Copy-AmiToRegion -Times 1 -Exactly -ParameterFilter {
            $ImageId -eq $goldenId -and $Region -eq 'us-east-1' -and
            ($DestinationRegion -join ',') -eq 'eu-west-1,ap-southeast-2' -and
            $Encrypted.IsPresent -and $KmsKeyId -eq 'alias/golden' -and $Wait.IsPresent
        }
        $result.SourceImageId | Should -Be $goldenId
        $result.Copies | Should -Be @('eu-west-1=ami-0c000000000000001', 'ap-southeast-2=ami-0c000000000000002')
    }

    It 'passes the fleet regions it is given' {
        & $runbook -InstanceId 'i-0123456789abcdef0' -FleetRegion 'eu-central-1' | Out-Null

        Should -Invoke Copy-AmiToRegion -Times 1 -Exactly -ParameterFilter { $DestinationRegion -eq 'eu-central-1' -and $DestinationRegion.Count -eq 1 }
        Should -Invoke Copy-AmiToRegion -Times 0 -Exactly -ParameterFilter { $DestinationRegion -contains 'eu-west-1' }
    }

    It 'copies nothing when the capture fails' {
        Mock New-GoldenAmi { throw 'AmiCreationFailed: the instance stopped responding' }

        { & $runbook -InstanceId 'i-0123456789abcdef0' } | Should -Throw '*AmiCreationFailed*'
        Should -Invoke Copy-AmiToRegion -Times 0 -Exactly
    }

    It 'keeps the cmdlet''s parameter validation: a malformed image id is refused by the mock too' {
        Mock New-GoldenAmi { [pscustomobject]@{ ImageId = 'ami-123'; Region = 'us-east-1' } }

        $failure = { & $runbook -InstanceId 'i-0123456789abcdef0' } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $failure.Exception.Message | Should -BeLike '*ImageId*'
        Should -Invoke Copy-AmiToRegion -Times 0 -Exactly
    }

    It 'takes the console''s account id format as typed, and refuses a malformed account id' {
        # A mock keeps the ValidatePattern but not the real cmdlet's conversion to 12 digits (README, Pester section).
        Mock Grant-AmiLaunchPermission { }

        Grant-AmiLaunchPermission -ImageId $goldenId -Region 'us-east-1' -AccountId '1111-2222-3333' -Confirm:$false
        Should -Invoke Grant-AmiLaunchPermission -Times 1 -Exactly -ParameterFilter { $AccountId -eq '1111-2222-3333' }
        { Grant-AmiLaunchPermission -ImageId $goldenId -Region 'us-east-1' -AccountId '1111-2222-333' -Confirm:$false } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'refuses a parameter the real cmdlet does not have' {
        { New-GoldenAmi -InstanceId 'i-0123456789abcdef0' -Name 'x-{date}' -Regions 'us-east-1' } | Should -Throw -ErrorId 'NamedParameterNotFound*'
    }
}
