using System.Globalization;
using System.Text;

namespace LocalAws.Protocol;

/// <summary>
/// A minimal forward-only XML builder: a 1,000-image DescribeImages page is built in well under a
/// millisecond per image, which XmlWriter's settings and async plumbing make harder to guarantee.
/// </summary>
internal sealed class XmlOut
{
    private readonly StringBuilder _sb = new(4096);
    private readonly Stack<string> _open = new();

    public XmlOut Open(string name, string? xmlns = null)
    {
        _sb.Append('<').Append(name);
        if (xmlns is not null) _sb.Append(" xmlns=\"").Append(xmlns).Append('"');
        _sb.Append('>');
        _open.Push(name);
        return this;
    }

    public XmlOut Close()
    {
        _sb.Append("</").Append(_open.Pop()).Append('>');
        return this;
    }

    /// <summary>Writes the element only when the value is present: AWS omits absent fields.</summary>
    public XmlOut Elem(string name, string? value)
    {
        if (value is null) return this;
        _sb.Append('<').Append(name).Append('>');
        Escape(value);
        _sb.Append("</").Append(name).Append('>');
        return this;
    }

    public XmlOut Elem(string name, bool value) => Elem(name, value ? "true" : "false");

    public XmlOut Elem(string name, int? value) => Elem(name, value?.ToString(CultureInfo.InvariantCulture));

    public XmlOut Elem(string name, DateTimeOffset? value) => Elem(name, value is null ? null : FormatTime(value.Value));

    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void Escape(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': _sb.Append("&lt;"); break;
                case '>': _sb.Append("&gt;"); break;
                case '&': _sb.Append("&amp;"); break;
                case '"': _sb.Append("&quot;"); break;
                case '\'': _sb.Append("&apos;"); break;
                default: _sb.Append(c); break;
            }
        }
    }

    public override string ToString()
    {
        while (_open.Count > 0) Close();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + _sb;
    }
}
