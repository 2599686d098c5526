using System.Text;

namespace AmiCmdlets.Engine.Input;

/// <summary>A value the user typed, as an error message shows it: control characters visible, long values cut.</summary>
public static class InputText
{
    private const int Shown = 160;

    /// <summary>'value' quoted, with line breaks and tabs written as PowerShell escapes (`n, `r, `t).</summary>
    public static string Quote(string? value)
    {
        if (value == null) return "$null";
        var text = new StringBuilder();
        foreach (var c in value.Length > Shown ? value.Substring(0, Shown) : value)
        {
            switch (c)
            {
                case '\n': text.Append("`n"); break;
                case '\r': text.Append("`r"); break;
                case '\t': text.Append("`t"); break;
                default: text.Append(char.IsControl(c) ? "`u{" + ((int)c).ToString("x") + "}" : c.ToString()); break;
            }
        }
        return value.Length > Shown ? "'" + text + "...' (" + value.Length + " characters)" : "'" + text + "'";
    }

    /// <summary>Why a value that only differs by white space or case was refused, or "".</summary>
    public static string WhitespaceHint(string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]) || HasControl(value))
            ? " It contains a line break, tab or space: trim it (for example with .Trim())."
            : "";

    private static bool HasControl(string value)
    {
        foreach (var c in value) if (char.IsControl(c)) return true;
        return false;
    }
}
