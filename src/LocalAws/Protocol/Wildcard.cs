namespace LocalAws.Protocol;

/// <summary>EC2 filter values: '*' is any run of characters, '?' exactly one, case-sensitive as on AWS.</summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string? value)
    {
        if (value is null) return false;
        if (pattern.IndexOfAny(['*', '?']) < 0) return string.Equals(pattern, value, StringComparison.Ordinal);
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v])) { p++; v++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
            else if (star >= 0) { p = star + 1; v = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public static bool AnyMatch(IReadOnlyList<string> patterns, string? value)
    {
        foreach (var pattern in patterns)
        {
            if (IsMatch(pattern, value)) return true;
        }
        return false;
    }
}
