using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Waiting;

/// <summary>What a wait ended with, per image. Filled while the wait runs, so a stopped wait still tells what was left.</summary>
public sealed class WaitReport
{
    private readonly ConcurrentDictionary<string, WaitingImage> _stillWaiting = new ConcurrentDictionary<string, WaitingImage>();

    /// <summary>The state being waited for ("available" unless Wait-Ami -State said otherwise).</summary>
    public string? DesiredState { get; internal set; }

    public ConcurrentQueue<Ami> Failed { get; } = new ConcurrentQueue<Ami>();
    public ConcurrentQueue<WaitingImage> TimedOut { get; } = new ConcurrentQueue<WaitingImage>();
    public ConcurrentQueue<WaitingImage> Missing { get; } = new ConcurrentQueue<WaitingImage>();

    /// <summary>Images not yet settled (after a stop: the ones still building).</summary>
    public IReadOnlyList<WaitingImage> StillWaiting => _stillWaiting.Values.OrderBy(i => i.Region).ThenBy(i => i.ImageId).ToList();

    internal void Track(WaitingImage image) => _stillWaiting[image.Region + "/" + image.ImageId] = image;

    internal void Settle(WaitingImage image) => _stillWaiting.TryRemove(image.Region + "/" + image.ImageId, out _);

    /// <summary>"ami-1 (us-east-1), ami-2 (eu-west-1)": for warnings and messages.</summary>
    public static string Describe(IEnumerable<WaitingImage> images) => string.Join(", ", images.Select(i => i.ImageId + " (" + i.Region + ")"));

    /// <summary>
    /// The exact command(s) that wait again for <paramref name="images"/>: one Wait-Ami per region with all its ids,
    /// "Wait-Ami -ImageId ami-1,ami-2 -Region eu-west-1; Wait-Ami -ImageId ami-3 -Region us-east-1", ready to paste.
    /// <paramref name="connectionArguments"/> (e.g. "-ProfileName prod") is repeated on each; a state other than
    /// "available" is passed as -State.
    /// </summary>
    public static string ResumeCommand(IEnumerable<WaitingImage> images, string connectionArguments = "", string? state = null)
    {
        var suffix = (state != null && state != "available" ? " -State " + state : "") +
                     (string.IsNullOrEmpty(connectionArguments) ? "" : " " + connectionArguments);
        // One command per place: images of two accounts in one region are waited for through each one's role or profile.
        return string.Join("; ", images
            .GroupBy(i => (i.Region, i.RoleArn, i.ProfileName))
            .OrderBy(g => g.Key.Region, StringComparer.Ordinal).ThenBy(g => g.Key.RoleArn ?? g.Key.ProfileName ?? "", StringComparer.Ordinal)
            .Select(g => "Wait-Ami -ImageId " + string.Join(",", g.Select(i => i.ImageId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal)) +
                         " -Region " + g.Key.Region + Identity(g.Key.RoleArn, g.Key.ProfileName, connectionArguments) + suffix));
    }

    /// <summary>The place's role and profile as parameters, unless the command line's own arguments already name them.</summary>
    private static string Identity(string? roleArn, string? profileName, string connectionArguments) =>
        (profileName != null && !connectionArguments.Contains("-ProfileName ") ? " -ProfileName " + Quote(profileName) : "") +
        (roleArn != null && !connectionArguments.Contains("-RoleArn ") ? " -RoleArn " + Quote(roleArn) : "");

    /// <summary>The warning after Ctrl+C: which images are still building in AWS, and the command that waits for them again.</summary>
    public static string StoppedWarning(IEnumerable<WaitingImage> images, string connectionArguments = "", string? state = null)
    {
        var left = images.OrderBy(i => i.Region, StringComparer.Ordinal).ThenBy(i => i.ImageId, StringComparer.Ordinal).ToList();
        return "Stopped waiting. Still in progress in AWS: " + Describe(left) + ". Resume with: " + ResumeCommand(left, connectionArguments, state);
    }

    /// <summary>A value as PowerShell reads it back: bare when it is a plain word, else in single quotes.</summary>
    public static string Quote(string value)
    {
        var bare = value.Length > 0 && IsPlain(value[0]) && value.All(c => IsPlain(c) || c == '-' || c == '.' || c == '/' || c == ':');
        return bare ? value : "'" + value.Replace("'", "''") + "'";
    }

    private static bool IsPlain(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
