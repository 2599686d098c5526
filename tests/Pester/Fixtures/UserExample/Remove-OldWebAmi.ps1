# The runbook: keep the two newest web images, remove older ones (30 days and more) that nothing uses.
[CmdletBinding(SupportsShouldProcess)]
param([string] $Region = 'us-east-1')

Find-StaleAmi -Region $Region -Name 'web-*' -KeepLatest 2 -OlderThanDays 30 |
    Remove-AmiWithSnapshots -Confirm:$false
