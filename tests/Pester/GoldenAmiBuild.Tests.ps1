# Invoke-GoldenAmiBuild as a user runs it: Find-BaseAmi | Invoke-GoldenAmiBuild, console lines as verbose output,
# failures by id with the last console lines, and never a build instance left behind (failure, Ctrl+C, a killed
# process: the re-run or -Cleanup finds it by its tag). LocalAws runs the user data (echo lines, then a stop).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')
    Import-Module $env:AMICMDLETS_MODULE
    Use-LocalAwsAccount Default
    Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5
    $script:provision = "#!/bin/bash`necho 'installing nginx'`ndnf install -y nginx`necho 'nginx ready'`nshutdown -h now`n"

    # Build instances not yet terminated (DescribeInstances through the SDK in a fresh pwsh).
    function Get-LiveBuildInstance {
        $output = Invoke-LocalAwsEc2 -Script @'
$request = [Amazon.EC2.Model.DescribeInstancesRequest]::new()
$request.Filters = [System.Collections.Generic.List[Amazon.EC2.Model.Filter]]@(
    [Amazon.EC2.Model.Filter]::new('tag-key', [System.Collections.Generic.List[string]]@('AmiCmdlets:BuildId')))
foreach ($r in @($ec2.DescribeInstancesAsync($request).GetAwaiter().GetResult().Reservations | Where-Object { $_ })) {
    foreach ($i in $r.Instances) { 'INSTANCE=' + $i.InstanceId + '=' + $i.State.Name.Value } }
'@
        [regex]::Matches($output, 'INSTANCE=(i-[0-9a-f]+)=(\w[\w-]*)') | Where-Object { $_.Groups[2].Value -ne 'terminated' } | ForEach-Object { $_.Groups[1].Value }
    }
}

AfterAll { Clear-AmiContext }

Describe 'Invoke-GoldenAmiBuild' {
    BeforeEach { Reset-LocalAws }

    It 'builds from Find-BaseAmi: an available image tagged as asked, the console as verbose lines, no build instance left' {
        $records = Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-{timestamp}' -UserData $provision -Tag @{ Team = 'web' } -Verbose 4>&1
        $image = @($records | Where-Object { $_ -is [AmiCmdlets.Ami] })
        $image | Should -HaveCount 1
        $image[0].State | Should -Be 'available'
        $image[0].Tags['Team'] | Should -Be 'web'
        $image[0].Name | Should -Match '^web-\d{14}$'
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain ($verbose | Where-Object { $_ -match ': installing nginx$' } | Select-Object -First 1)
        ($verbose -match ': nginx ready$') | Should -Not -BeNullOrEmpty
        ($verbose -match '^Terminated build instance') | Should -Not -BeNullOrEmpty
        Get-LiveBuildInstance | Should -BeNullOrEmpty
        Get-LocalAwsCallCount -Action TerminateInstances | Should -Be 1
    }

    It 'reads the script from a file' {
        $file = Join-Path $TestDrive 'provision.sh'
        Set-Content -Path $file -Value $provision
        (Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'from-file' -UserData $file).State | Should -Be 'available'
    }

    It 'reports a failing script with its last lines and terminates the build instance' {
        Set-LocalAwsProvisioning -TagKey 'AmiCmdlets:BuildId' -Outcome fail -Seconds 0 -Line 'step 1 ok' -FailLine 'BUILD FAILED: dnf exited 1'
        $err = { Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-bad' -UserData $provision -ErrorAction Stop } |
            Should -Throw -ErrorId 'BuildProvisioningFailed,AmiCmdlets.InvokeGoldenAmiBuildCommand' -PassThru
        $err.Exception.Message | Should -Match 'step 1 ok'
        $err.Exception.Message | Should -Match 'BUILD FAILED: dnf exited 1'
        Get-LiveBuildInstance | Should -BeNullOrEmpty
        Get-LocalAwsCallCount -Action CreateImage | Should -Be 0
    }

    It 'a failed build is that image''s error: the next piped image is still built' {
        $east = Find-BaseAmi AmazonLinux2023 -Region us-east-1
        Set-LocalAwsProvisioning -ImageId $east.ImageId -Outcome fail -Seconds 0 -FailLine 'BUILD FAILED'
        $built = Find-BaseAmi AmazonLinux2023 -Region us-east-1, eu-west-1 | Invoke-GoldenAmiBuild -Name 'web-two' -UserData $provision -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'BuildProvisioningFailed,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        @($built) | Should -HaveCount 1
        $built.Region | Should -Be 'eu-west-1'
    }

    It 'times out with BuildTimeout and terminates the build instance' {
        Set-LocalAwsProvisioning -TagKey 'AmiCmdlets:BuildId' -Outcome never -Seconds 0
        { Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-slow' -UserData $provision -TimeoutSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'BuildTimeout,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        Get-LiveBuildInstance | Should -BeNullOrEmpty
    }

    It '-WhatIf describes the launch and the capture and makes zero mutating calls' {
        $run = Invoke-FreshPwsh @"
Import-Module '$env:AMICMDLETS_MODULE'
Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'web-{date}' -UserData "#!/bin/bash``nshutdown -h now" -WhatIf
"@
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'launch a t3.micro build instance'
        $run.Output | Should -Match "capture it as AMI 'web-\{date\}'"
        Get-LocalAwsCallCount -Mutating | Should -Be 0
    }

    It 'refuses bad input before any call' {
        { Invoke-GoldenAmiBuild ami-0123456789abcdef0 'x-1' -UserData 'no-such-file.sh' } | Should -Throw -ErrorId 'UserDataNotFound,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        { Invoke-GoldenAmiBuild ami-0123456789abcdef0 'x-1' -UserData ("#!/bin/bash`n" + ('x' * 16400)) } | Should -Throw -ErrorId 'UserDataTooLarge,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        { Invoke-GoldenAmiBuild ami-0123456789abcdef0 'x-1' -UserData $provision -InstanceType large } | Should -Throw -ErrorId 'InvalidInstanceType,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        Get-LocalAwsCallCount | Should -Be 0
    }

    It 'a killed build leaves a tagged instance that -Cleanup lists and the re-run terminates before building again' {
        Set-LocalAwsProvisioning -TagKey 'AmiCmdlets:BuildId' -Outcome never -Seconds 0
        $script = Join-Path $TestDrive 'build.ps1'
        Set-Content -Path $script -Value @"
Import-Module '$env:AMICMDLETS_MODULE'
Set-AmiContext -PollIntervalSec 0.2 -MaxPollIntervalSec 0.5
Invoke-GoldenAmiBuild (Find-BaseAmi AmazonLinux2023).ImageId 'web-killed' -UserData "#!/bin/bash``necho hi``nshutdown -h now"
"@
        $child = Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-File', $script -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'out.txt')
        try {
            $until = [datetime]::UtcNow.AddMinutes(2)
            while ((Get-LocalAwsCallCount -Action GetConsoleOutput) -lt 2) {
                if ([datetime]::UtcNow -gt $until -or $child.HasExited) { throw "The build did not start provisioning: $(Get-Content -Raw (Join-Path $TestDrive 'out.txt'))" }
                Start-Sleep -Milliseconds 100
            }
        }
        finally { $child.Kill($true); $child.WaitForExit() }
        $left = @(Get-LiveBuildInstance)
        $left | Should -HaveCount 1

        $listed = @(Invoke-GoldenAmiBuild -Cleanup -WhatIf)
        $listed.InstanceId | Should -Be $left[0]
        $listed[0].State | Should -Be 'running'

        Set-LocalAwsProvisioning -Clear
        $records = Invoke-GoldenAmiBuild (Find-BaseAmi AmazonLinux2023).ImageId 'web-killed' -UserData "#!/bin/bash`necho hi`nshutdown -h now" 3>&1
        ($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match ([regex]::Escape($left[0]))
        ($records | Where-Object { $_ -is [AmiCmdlets.Ami] }).State | Should -Be 'available'
        Get-LiveBuildInstance | Should -BeNullOrEmpty
    }

    It '-Cleanup terminates every live build instance and outputs each' {
        Set-LocalAwsProvisioning -TagKey 'AmiCmdlets:BuildId' -Outcome never -Seconds 0
        { Find-BaseAmi AmazonLinux2023 | Invoke-GoldenAmiBuild -Name 'kept' -UserData $provision -TimeoutSec 1 -KeepOnFailure -WarningVariable kept -WarningAction SilentlyContinue -ErrorAction Stop } |
            Should -Throw -ErrorId 'BuildTimeout,AmiCmdlets.InvokeGoldenAmiBuildCommand'
        @(Get-LiveBuildInstance) | Should -HaveCount 1
        $removed = @(Invoke-GoldenAmiBuild -Cleanup)
        $removed | Should -HaveCount 1
        $removed[0].State | Should -Be 'terminated'
        $removed[0].GetType().FullName | Should -Be 'AmiCmdlets.AmiBuildInstance'
        Get-LiveBuildInstance | Should -BeNullOrEmpty
    }
}
