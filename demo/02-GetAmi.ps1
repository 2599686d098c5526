Show-Step 'Seed a few golden images in two regions (LocalAws control plane)'
Add-LocalAwsSeed @{ region = 'us-east-1'; images = @(
        @{ name = 'web-2026-10-01'; creationDate = '2026-10-01T08:00:00Z'; tags = @{ Team = 'web' } }
        @{ name = 'web-2026-11-01'; creationDate = '2026-11-01T08:00:00Z'; tags = @{ Team = 'web' } }
    ) } | Out-Null
Add-LocalAwsSeed @{ region = 'eu-west-1'; images = @(@{ name = 'web-2026-11-01'; creationDate = '2026-11-01T09:00:00Z'; tags = @{ Team = 'web' } }) } | Out-Null

Show-Step "Get-Ami -Name 'web-*' -Region us-east-1, eu-west-1   (regions queried in parallel)"
Get-Ami -Name 'web-*' -Region us-east-1, eu-west-1 | Sort-Object Region, Name | Show-Output

Show-Step 'Get-Ami -Owner amazon -Region eu-west-1   (public base images)'
Get-Ami -Owner amazon -Region eu-west-1 | Show-Output

Show-Step 'A missing id is a non-terminating AmiNotFound; the others still come back'
$first = Get-Ami -Name 'web-2026-11-01' -Region us-east-1
Get-Ami -ImageId $first.ImageId, 'ami-0123456789abcdef0' -ErrorAction SilentlyContinue -ErrorVariable notFound | Show-Output
Write-Host "Error: $($notFound[0].FullyQualifiedErrorId) -> $($notFound[0].TargetObject)"
