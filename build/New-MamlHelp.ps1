<#
.SYNOPSIS
    Turns docs/cmdlets/<Verb-Noun>.md into the module's MAML help (AmiCmdlets.dll-Help.xml), and fails
    the build, listing every problem, when a page is missing or incomplete.
.DESCRIPTION
    platyPS is not available to the project, so this converts the platyPS-like subset we write
    (docs/cmdlets/README.md is the authors' guide):

        ---  Module Name: AmiCmdlets  ---      optional front matter, ignored
        # Get-Ami                              must be the cmdlet's name
        ## SYNOPSIS / ## DESCRIPTION           required, not empty
        ## EXAMPLES  ### Example 1: Title      required, >= 1; its fenced blocks are the code (command,
                                               then output), its other paragraphs the remarks
        ## PARAMETERS  ### -ImageId            one with text per parameter; no others
        ## INPUTS / ## OUTPUTS  ### Type.Name  then text (default: pipeline parameter types, [OutputType])
        ## NOTES                               paragraphs
        ## RELATED LINKS                       one per line: [Text](uri) or a plain command name

    There is no SYNTAX section: types, sets, positions, pipeline input and aliases come from Get-Command,
    so the help cannot drift from the code. _CommonParameters.md (same ### -Name form) describes the
    connection parameters and -WhatIf/-Confirm once, for pages that do not describe them.
    Imports the module it documents, so build.ps1 runs it in a fresh pwsh.
.EXAMPLE
    pwsh -NoProfile -File build/New-MamlHelp.ps1 -DocsPath docs/cmdlets -ModuleManifest out/AmiCmdlets/AmiCmdlets.psd1 -OutputPath out/AmiCmdlets/en-US/AmiCmdlets.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    # The help file to write; a folder gets the file name PowerShell looks for (CmdletInfo.HelpFile).
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# PowerShell adds these to every cmdlet and documents them in about_CommonParameters. -WhatIf and -Confirm
# are NOT here: MAML syntax replaces the generated one, so a ShouldProcess cmdlet whose help left them out
# would hide its -WhatIf from Get-Help.
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
$knownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

#region Markdown
# A page as Title + Sections[H2] = { Lines before the first H3; Subs = H3 { Title; Lines } }.
# Headings inside fenced code are code, not structure.
function Read-HelpPage([string] $path) {
    $page = @{ Title = $null; Sections = [ordered]@{} }
    $lines = [System.IO.File]::ReadAllLines($path)
    $start = if ($lines.Count -and $lines[0] -eq '---') { [array]::IndexOf($lines, '---', 1) + 1 } else { 0 }
    $target = $null; $section = $null; $inFence = $false
    foreach ($line in $lines | Select-Object -Skip $start) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        elseif (-not $inFence -and $line -match '^(#{1,3})\s+(.+?)\s*#*\s*$') {
            $level = $Matches[1].Length; $heading = $Matches[2]
            $body = [System.Collections.Generic.List[string]]::new()
            if ($level -eq 1) { $page.Title = $heading; $target = $null; continue }
            if ($level -eq 2) {
                $section = @{ Lines = $body; Subs = [System.Collections.Generic.List[object]]::new() }
                $page.Sections[$heading.ToUpperInvariant()] = $section; $target = $body; continue
            }
            if ($null -ne $section) { $section.Subs.Add(@{ Title = $heading; Lines = $body }); $target = $body; continue }
        }
        if ($null -ne $target) { $target.Add($line) }
    }
    $page
}

# Paragraphs and fenced blocks, in order. Prose lines of a paragraph are joined (Get-Help re-wraps them
# to the console width); lists and tables keep their line breaks.
function Get-Blocks([string[]] $lines) {
    $blocks = [System.Collections.Generic.List[object]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flushText = {
        if ($buffer.Count -eq 0) { return }
        # Only a list item or table row starts a new line; other lines continue the one before.
        $items = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $buffer) {
            if ($items.Count -and $line -notmatch '^\s*([-*+]|\d+\.|\|)\s') { $items[$items.Count - 1] += ' ' + $line.Trim() }
            else { $items.Add($line.Trim()) }
        }
        $text = $items -join "`n"
        $blocks.Add([pscustomobject]@{ Code = $false; Text = (ConvertTo-PlainText $text) })
        $buffer.Clear()
    }
    foreach ($line in $lines) {
        if ($line -match '^\s*(```|~~~)') {
            if ($inFence) { $blocks.Add([pscustomobject]@{ Code = $true; Text = ($buffer -join "`n") }); $buffer.Clear() }
            else { & $flushText }
            $inFence = -not $inFence
        }
        elseif ($inFence) { $buffer.Add($line) }
        elseif ([string]::IsNullOrWhiteSpace($line)) { & $flushText }
        else { $buffer.Add($line) }
    }
    & $flushText
    $blocks
}

# Console help has no markup: keep link text (and a web address, which the reader may want), drop the rest.
function ConvertTo-PlainText([string] $text) {
    $text = $text -replace '\[([^\]]+)\]\((https?://[^)\s]+)\)', '$1 ($2)' -replace '\[([^\]]+)\]\([^)]*\)', '$1'
    $text -replace '\*\*|__', '' -replace '`', ''
}

function Get-Paragraphs($lines) { @(Get-Blocks $lines | ForEach-Object Text) }

# INPUTS/OUTPUTS: "### Type.Name" then its description; else the names from metadata; else None.
function Get-TypeEntries($page, [string] $section, [string[]] $fromMetadata) {
    $subs = if ($page.Sections.Contains($section)) { @($page.Sections[$section].Subs) } else { @() }
    if ($subs) { return $subs | ForEach-Object { [pscustomobject]@{ Name = $_.Title.Trim('`'); Paras = Get-Paragraphs $_.Lines } } }
    $names = @($fromMetadata | Where-Object { $_ })
    @(if ($names) { $names } else { 'None' }) | ForEach-Object { [pscustomobject]@{ Name = $_; Paras = @() } }
}

# "### -Name" sections of a PARAMETERS section, as Name -> description paragraphs.
function Get-ParameterDocs($page) {
    $docs = [ordered]@{}
    if ($page.Sections.Contains('PARAMETERS')) {
        foreach ($sub in $page.Sections['PARAMETERS'].Subs) { $docs[$sub.Title.TrimStart('-').Trim()] = Get-Paragraphs $sub.Lines }
    }
    $docs
}
#endregion

#region Metadata
# One view of a parameter for MAML, from a parameter set's CommandParameterInfo or, for the PARAMETERS
# section, merged over all its sets from ParameterMetadata.
function Get-ParameterFacts($metadata, $inSet) {
    $sets = if ($inSet) { @($inSet) } else { @($metadata.ParameterSets.Values) }
    $positions = @($sets.Position | Sort-Object -Unique)
    $pipeline = @(if (@($sets.ValueFromPipeline) -contains $true) { 'ByValue' }; if (@($sets.ValueFromPipelineByPropertyName) -contains $true) { 'ByPropertyName' })
    [pscustomobject]@{
        Name     = $metadata.Name
        # Get-Help shows the value's type: Int32 for an optional int, not Nullable`1.
        Type     = $(if ([Nullable]::GetUnderlyingType($metadata.ParameterType)) { [Nullable]::GetUnderlyingType($metadata.ParameterType) } else { $metadata.ParameterType })
        IsSwitch = $metadata.ParameterType -eq [System.Management.Automation.SwitchParameter]
        Required = @($sets | Where-Object { -not $_.IsMandatory }).Count -eq 0
        Position = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { "$($positions[0])" } else { 'named' }
        Pipeline = if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }
        Globbing = @($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
        Aliases  = if ($metadata.Aliases.Count) { $metadata.Aliases -join ', ' } else { 'none' }
    }
}
#endregion

#region MAML
function Open([string] $name) { $prefix, $local = $name -split ':'; $writer.WriteStartElement($prefix, $local, $ns[$prefix]) }
function Close { $writer.WriteEndElement() }
function Leaf([string] $name, [string] $text) { Open $name; $writer.WriteString($text); Close }
function Paras([string[]] $texts) { foreach ($t in @($texts | Where-Object { $_ })) { Leaf 'maml:para' $t } }

function Write-Parameter($facts, [string[]] $description) {
    Open 'command:parameter'
    $attributes = [ordered]@{ required = "$($facts.Required)".ToLower(); variableLength = 'true'; globbing = "$($facts.Globbing)".ToLower()
        pipelineInput = $facts.Pipeline; position = $facts.Position; aliases = $facts.Aliases }
    foreach ($a in $attributes.GetEnumerator()) { $writer.WriteAttributeString($a.Key, $a.Value) }
    Leaf 'maml:name' $facts.Name
    Open 'maml:description'; Paras $description; Close
    # A switch takes no value: without parameterValue, Get-Help shows [-Force], not [-Force <SwitchParameter>].
    if (-not $facts.IsSwitch) {
        Open 'command:parameterValue'; $writer.WriteAttributeString('required', 'true'); $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($facts.Type.Name); Close
    }
    Open 'dev:type'; Leaf 'maml:name' $facts.Type.Name; Leaf 'maml:uri' ''; Close
    Leaf 'dev:defaultValue' $(if ($facts.IsSwitch) { 'False' } else { 'None' })
    Close
}

function Write-TypeList([string] $list, [string] $item, $entries) {
    Open $list
    foreach ($entry in $entries) {
        Open $item; Open 'dev:type'; Leaf 'maml:name' $entry.Name; Close
        Open 'maml:description'; Paras $entry.Paras; Close; Close
    }
    Close
}

function Write-Command($cmdlet, $page, $parameterNames, $descriptions) {
    Open 'command:command'
    foreach ($prefix in 'maml', 'dev') { $writer.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
    Open 'command:details'
    Leaf 'command:name' $cmdlet.Name; Leaf 'command:verb' $cmdlet.Verb; Leaf 'command:noun' $cmdlet.Noun
    Open 'maml:description'; Paras ((Get-Paragraphs $page.Sections['SYNOPSIS'].Lines) -join ' '); Close
    Close
    Open 'maml:description'; Paras (Get-Paragraphs $page.Sections['DESCRIPTION'].Lines); Close

    # Positional parameters first, then mandatory ones, then the rest in declaration order, as PowerShell's
    # own generated syntax does.
    Open 'command:syntax'
    foreach ($set in $cmdlet.ParameterSets) {
        Open 'command:syntaxItem'; Leaf 'maml:name' $cmdlet.Name
        $inSet = @($set.Parameters | Where-Object Name -in $parameterNames)
        $ordered = $inSet | Sort-Object -Stable { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } }, { -not $_.IsMandatory }
        foreach ($p in $ordered) { Write-Parameter (Get-ParameterFacts $cmdlet.Parameters[$p.Name] $p) $descriptions[$p.Name] }
        Close
    }
    Close

    Open 'command:parameters'
    foreach ($name in $parameterNames) { Write-Parameter (Get-ParameterFacts $cmdlet.Parameters[$name]) $descriptions[$name] }
    Close

    $piped = $parameterNames | ForEach-Object { $cmdlet.Parameters[$_] } |
        Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } } |
        ForEach-Object { $_.ParameterType.FullName } | Sort-Object -Unique
    Write-TypeList 'command:inputTypes' 'command:inputType' (Get-TypeEntries $page 'INPUTS' $piped)
    $returned = $cmdlet.OutputType | ForEach-Object Name | Where-Object { $_ -ne 'System.Void' }
    Write-TypeList 'command:returnValues' 'command:returnValue' (Get-TypeEntries $page 'OUTPUTS' $returned)

    if ($page.Sections.Contains('NOTES')) {
        $notes = Get-Paragraphs $page.Sections['NOTES'].Lines
        if ($notes) { Open 'maml:alertSet'; Open 'maml:alert'; Paras $notes; Close; Close }
    }

    Open 'command:examples'
    foreach ($example in $page.Sections['EXAMPLES'].Subs) {
        $blocks = @(Get-Blocks $example.Lines)
        Open 'command:example'
        Leaf 'maml:title' "---------- $($example.Title) ----------"
        Leaf 'dev:code' (@($blocks | Where-Object Code | ForEach-Object Text) -join "`n`n")
        # The trailing empty para keeps a blank line between one example and the next title.
        Open 'dev:remarks'; Paras @($blocks | Where-Object { -not $_.Code } | ForEach-Object Text); Leaf 'maml:para' ''; Close
        Close
    }
    Close

    Open 'maml:relatedLinks'
    if ($page.Sections.Contains('RELATED LINKS')) {
        foreach ($line in $page.Sections['RELATED LINKS'].Lines -replace '^\s*[-*+]\s+', '' | Where-Object { $_.Trim() }) {
            $text, $uri = if ($line -match '\[([^\]]+)\]\(([^)\s]*)\)') { $Matches[1], $Matches[2] } else { $line.Trim(), '' }
            # A link to a sibling page means nothing in a console; the command name is what Get-Help can use.
            if ($uri -notmatch '^https?://') { $uri = '' }
            Open 'maml:navigationLink'; Leaf 'maml:linkText' $text; Leaf 'maml:uri' $uri; Close
        }
    }
    Close
    Close
}
#endregion

$DocsPath = (Resolve-Path $DocsPath).Path
$module = Import-Module $ModuleManifest -PassThru
$cmdlets = @($module.ExportedCmdlets.Values | Sort-Object Name)
if (-not $cmdlets) { throw "The module '$ModuleManifest' exports no cmdlets: nothing to document." }

$sharedPath = Join-Path $DocsPath '_CommonParameters.md'
$shared = if (Test-Path $sharedPath) { Get-ParameterDocs (Read-HelpPage $sharedPath) } else { @{} }

# Collect every problem of every page before failing, so one build run shows the whole list.
$problems = [System.Collections.Generic.List[string]]::new()
$documented = [System.Collections.Generic.List[object]]::new()
foreach ($cmdlet in $cmdlets) {
    $file = "$($cmdlet.Name).md"
    $path = Join-Path $DocsPath $file
    if (-not (Test-Path $path)) { $problems.Add("${file}: missing: the exported cmdlet $($cmdlet.Name) has no help page."); continue }
    $page = Read-HelpPage $path
    $before = $problems.Count

    if ($page.Title -ne $cmdlet.Name) { $problems.Add("${file}: the title must be '# $($cmdlet.Name)', found '# $($page.Title)'.") }
    foreach ($name in $page.Sections.Keys) {
        if ($name -notin $knownSections) { $problems.Add("${file}: unknown section '## $name' (expected: $($knownSections -join ', ')).") }
        elseif ($name -eq 'SYNTAX') { Write-Warning "${file}: '## SYNTAX' is ignored: the syntax is generated from the cmdlet." }
    }
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION') {
        if (-not $page.Sections.Contains($required) -or -not (Get-Paragraphs $page.Sections[$required].Lines)) { $problems.Add("${file}: '## $required' is missing or empty.") }
    }
    $examples = if ($page.Sections.Contains('EXAMPLES')) { @($page.Sections['EXAMPLES'].Subs) } else { @() }
    if (-not $examples) { $problems.Add("${file}: '## EXAMPLES' needs at least one '### Example 1: ...' with a fenced code block.") }
    foreach ($example in $examples) {
        if (-not @(Get-Blocks $example.Lines | Where-Object Code)) { $problems.Add("${file}: example '$($example.Title)' has no fenced code block.") }
    }

    $parameterNames = @($cmdlet.Parameters.Keys | Where-Object { $_ -notin $commonParameters })
    $ownDocs = Get-ParameterDocs $page
    $descriptions = @{}
    foreach ($name in $parameterNames) {
        $text = if ($ownDocs.Contains($name)) { $ownDocs[$name] } else { @() }
        if (-not $text -and $shared.Contains($name)) { $text = $shared[$name] }
        if ($text) { $descriptions[$name] = $text }
        else { $problems.Add("${file}: parameter -$name has no description (add '### -$name' under '## PARAMETERS'$(if ($ownDocs.Contains($name)) { ', with text' })).") }
    }
    foreach ($name in $ownDocs.Keys) {
        if ($name -notin $parameterNames) { $problems.Add("${file}: documents -$name, which $($cmdlet.Name) does not have.") }
    }
    if ($problems.Count -eq $before) { $documented.Add(@{ Cmdlet = $cmdlet; Page = $page; Names = $parameterNames; Descriptions = $descriptions }) }
}
$exported = @($cmdlets.Name)
foreach ($orphan in Get-ChildItem $DocsPath -Filter '*-*.md' | Where-Object { $_.BaseName -notin $exported }) {
    Write-Warning "$($orphan.Name): no exported cmdlet of that name; the page is not in the help."
}
if ($problems.Count) {
    # One line each on stderr: an exception message with line breaks is re-wrapped into one blob by pwsh.
    foreach ($problem in $problems) { [Console]::Error.WriteLine("  - $problem") }
    throw "Help generation failed: $($problems.Count) problem(s) in $DocsPath, listed above."
}

# .NET resolves relative paths against the process directory, not the PowerShell location.
$OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (-not $OutputPath.EndsWith('.xml', [StringComparison]::OrdinalIgnoreCase)) { $OutputPath = Join-Path $OutputPath $cmdlets[0].HelpFile }
$null = New-Item -ItemType Directory -Force (Split-Path -Parent $OutputPath)
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($entry in $documented) { Write-Command $entry.Cmdlet $entry.Page $entry.Names $entry.Descriptions }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }
Write-Host "Help for $($documented.Count) cmdlet(s) written to $OutputPath"
