using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Images;

/// <summary>
/// EC2 accepts at most 200 values in one request's filters (FilterLimitExceeded beyond): every lookup by a
/// list of ids goes through <see cref="Chunks"/>. Filter values understand '*' and '?'; a value without them
/// names exactly one thing (<see cref="HasWildcard"/>).
/// </summary>
internal static class FilterValues
{
    public const int Limit = 200;

    public static bool HasWildcard(string value) => value.IndexOf('*') >= 0 || value.IndexOf('?') >= 0;

    public static IEnumerable<List<string>> Chunks(IEnumerable<string> values)
    {
        var list = values as IReadOnlyList<string> ?? values.ToList();
        for (var i = 0; i < list.Count; i += Limit) yield return list.Skip(i).Take(Limit).ToList();
    }
}
