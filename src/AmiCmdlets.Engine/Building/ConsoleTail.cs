using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Building;

/// <summary>
/// The new complete lines of a console that GetConsoleOutput answers whole each time (and only its last 64 KB),
/// plus the last lines seen, for a failure message. A line still being written (no line break yet) waits.
/// </summary>
public sealed class ConsoleTail
{
    private readonly int _keep;
    private readonly List<string> _seen = new List<string>();
    private readonly Queue<string> _last = new Queue<string>();

    public ConsoleTail(int keep = 15) => _keep = keep;

    public IReadOnlyList<string> LastLines => _last.ToList();

    /// <summary>The lines of <paramref name="text"/> not returned before.</summary>
    public IReadOnlyList<string> Add(string text)
    {
        var complete = text.Replace("\r\n", "\n").Split('\n');
        var lines = complete.Take(complete.Length - 1).ToList();
        var start = NewFrom(lines);
        var fresh = lines.Skip(start).ToList();
        foreach (var line in fresh)
        {
            _seen.Add(line);
            _last.Enqueue(line);
            while (_last.Count > _keep) _last.Dequeue();
        }
        return fresh;
    }

    /// <summary>Where the unseen lines start: after the seen ones, or (the console rolled past 64 KB) after the last seen line.</summary>
    private int NewFrom(List<string> lines)
    {
        if (_seen.Count == 0) return 0;
        if (lines.Count >= _seen.Count && _seen.Select((line, i) => line == lines[i]).All(same => same)) return _seen.Count;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i] == _seen[_seen.Count - 1]) return i + 1;
        }
        return 0;
    }
}
