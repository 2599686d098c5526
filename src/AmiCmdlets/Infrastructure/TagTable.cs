using System;
using System.Collections;
using System.Collections.Generic;

namespace AmiCmdlets.Infrastructure;

/// <summary>A -Tag hashtable as an ordinal, case-sensitive dictionary (AWS tag keys are case-sensitive).</summary>
internal static class TagTable
{
    public static Dictionary<string, string> From(Hashtable? table)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table == null) return tags;
        foreach (DictionaryEntry entry in table)
        {
            var key = PSValue.Text(entry.Key);
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("A tag key cannot be empty.");
            tags[key!] = PSValue.Text(entry.Value) ?? "";
        }
        return tags;
    }

}
