# Runs as the manifest's first NestedModule, before the types of AmiCmdlets.dll are read: on .NET Framework older than 4.7.2 that
# assembly (netstandard2.0) cannot even be inspected, and Import-Module would fail with an obscure "Could not load file
# or assembly 'netstandard, Version=2.0.0.0'". Windows PowerShell 5.1 does not enforce the manifest's
# DotNetFrameworkVersion above 4.5, so the check is here. The parameters exist for tests; at import they are computed.
param(
    [string] $AmiCmdletsEdition = $PSVersionTable.PSEdition,
    # The Release value of HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full; 461808 is .NET Framework 4.7.2
    # (Microsoft's table of release keys). Only read on Windows PowerShell.
    [object] $AmiCmdletsFrameworkRelease = $(
        if ($AmiCmdletsEdition -eq 'Desktop') {
            (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name Release -ErrorAction Ignore).Release
        })
)

# PowerShell 7 runs on .NET, never on .NET Framework. A missing key cannot happen under 5.1 (it needs 4.5 or later):
# if it does, the registry is unreadable, and refusing would be a guess.
if ($AmiCmdletsEdition -ne 'Desktop' -or $null -eq $AmiCmdletsFrameworkRelease) { return }
if ([int] $AmiCmdletsFrameworkRelease -lt 461808) {
    $exception = [System.NotSupportedException]::new(
        "AmiCmdlets needs .NET Framework 4.7.2 or later in Windows PowerShell 5.1; this computer has an older one " +
        "(release $AmiCmdletsFrameworkRelease). Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework/net48), " +
        "restart, and import the module again; or use PowerShell 7, which needs no .NET Framework.")
    throw [System.Management.Automation.ErrorRecord]::new($exception, 'NetFrameworkTooOld', 'NotInstalled', $AmiCmdletsFrameworkRelease)
}
