using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AmiCmdlets.Engine.Images;

namespace AmiCmdlets.Engine.Completion;

/// <summary>One tab-completion candidate: the text that goes on the command line and what the menu shows about it.</summary>
public sealed class Suggestion
{
    public Suggestion(string value, string tooltip, string? alsoMatches = null)
    {
        Value = value;
        // PowerShell refuses a CompletionResult with an empty tooltip.
        Tooltip = string.IsNullOrEmpty(tooltip) ? value : tooltip;
        AlsoMatches = alsoMatches;
    }

    public string Value { get; }
    public string Tooltip { get; }

    /// <summary>A second text the typed word may start with (an image's name, an alias without 'alias/').</summary>
    internal string? AlsoMatches { get; }

    /// <summary>
    /// The suggestions whose value or second text starts with the typed word ('*' and '?' work as in
    /// Get-Ami), in the order given. Quotes the user typed around the word are ignored.
    /// </summary>
    internal static IReadOnlyList<Suggestion> Matching(IReadOnlyList<Suggestion> all, string? wordToComplete)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        if (word.Length == 0) return all;
        Func<string, bool> matches;
        if (FilterValues.HasWildcard(word))
        {
            var pattern = new Regex("^" + Regex.Escape(word).Replace(@"\*", ".*").Replace(@"\?", "."), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            matches = pattern.IsMatch;
        }
        else
        {
            matches = text => text.StartsWith(word, StringComparison.OrdinalIgnoreCase);
        }
        return all.Where(s => matches(s.Value) || (s.AlsoMatches != null && matches(s.AlsoMatches))).ToList();
    }
}
