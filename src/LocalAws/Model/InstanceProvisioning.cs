using System.Text;
using System.Text.RegularExpressions;

namespace LocalAws.Model;

/// <summary>
/// What an instance's user data does over time: its console lines appear evenly over <see cref="Seconds"/> from
/// <see cref="StartedAt"/>, then the outcome happens (stop, fail: a last line and keep running, never, terminate).
/// Settled lazily before each EC2 call of the instance's account and region, like image pending times.
/// </summary>
internal sealed partial class InstanceProvisioning
{
    // AWS: "Only the most recent 64 KB of console output is available."
    public const int ConsoleLimitBytes = 64 * 1024;

    public required DateTimeOffset StartedAt { get; init; }
    public required double Seconds { get; init; }
    public required IReadOnlyList<string> Lines { get; init; }
    public string Outcome { get; init; } = "stop";
    public string? FailLine { get; init; }
    public bool Settled { get; set; }

    public static InstanceProvisioning From(ProvisioningBehaviour behaviour, string? userData, DateTimeOffset now, double defaultSeconds) => new()
    {
        StartedAt = now,
        Seconds = Math.Max(0, behaviour.Seconds ?? defaultSeconds),
        Lines = behaviour.Lines ?? EchoLines(userData),
        Outcome = behaviour.Outcome,
        FailLine = behaviour.FailLine,
    };

    /// <summary>The default: the script prints its echo (or Write-Host/Write-Output) lines, then shuts down.</summary>
    public static InstanceProvisioning ForUserData(string userData, DateTimeOffset now, double seconds) => new()
    {
        StartedAt = now, Seconds = Math.Max(0, seconds), Lines = EchoLines(userData),
    };

    /// <summary>The lines a shell or PowerShell script would print with echo / Write-Host / Write-Output (quotes removed).</summary>
    public static IReadOnlyList<string> EchoLines(string? script)
    {
        if (script is null) return [];
        var lines = new List<string>();
        foreach (var raw in script.Split('\n'))
        {
            var match = EchoPattern().Match(raw.TrimEnd('\r'));
            if (!match.Success) continue;
            var text = match.Groups["text"].Value.Trim();
            if (text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[^1] == text[0]) text = text[1..^1];
            lines.Add(text);
        }
        return lines;
    }

    /// <summary>The console text visible at <paramref name="now"/>: a boot line, the lines printed so far, the outcome's line; the last 64 KB.</summary>
    public string ConsoleText(string instanceId, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append("[    0.000000] Linux version 6.1.0 (LocalAws) booting ").Append(instanceId).Append('\n');
        text.Append("cloud-init[1234]: Cloud-init v. 23.4 running 'modules:final'\n");
        var elapsed = (now - StartedAt).TotalSeconds;
        for (var k = 0; k < Lines.Count; k++)
        {
            // Line k appears at (k + 1) / (n + 1) of the run, so the last one still precedes the outcome.
            if (Seconds > 0 && elapsed < Seconds * (k + 1) / (Lines.Count + 1)) break;
            text.Append(Lines[k]).Append('\n');
        }
        if (elapsed >= Seconds)
        {
            if (Outcome == "fail") text.Append(FailLine ?? "BUILD FAILED").Append('\n');
            else if (Outcome is "stop" or "terminate") text.Append("reboot: Power down\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length <= ConsoleLimitBytes ? text.ToString() : Encoding.UTF8.GetString(bytes, bytes.Length - ConsoleLimitBytes, ConsoleLimitBytes);
    }

    /// <summary>The state the outcome leads to once due (null: the instance keeps running).</summary>
    public string? DueState(string shutdownBehavior, DateTimeOffset now)
    {
        if (Settled || (now - StartedAt).TotalSeconds < Seconds) return null;
        return Outcome switch
        {
            "stop" => shutdownBehavior == "terminate" ? "terminated" : "stopped",
            "terminate" => "terminated",
            _ => null,
        };
    }

    [GeneratedRegex(@"^\s*(echo|Write-Host|Write-Output)\s+(?<text>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EchoPattern();
}
