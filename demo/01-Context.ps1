Show-Step 'Who am I? Get-AmiContext resolves region, credentials and endpoint, and asks STS'
Get-AmiContext | Format-List | Show-Output
