using System;
using System.Collections.Generic;

namespace AmiCmdlets.Engine.Usage;

/// <summary>What Find-InstanceOnOutdatedAmi looks for.</summary>
public sealed class OutdatedImageQuery
{
    public const string Deprecated = "Deprecated";
    public const string Disabled = "Disabled";
    public const string Deregistered = "Deregistered";
    public const string NotShared = "NotShared";
    public const string NotAllowed = "NotAllowed";
    public const string Old = "Old";

    /// <summary>Every reason but Old, which needs an age: what "outdated" means without -OlderThanDays.</summary>
    public static readonly IReadOnlyList<string> DefaultReasons = new[] { Deprecated, Disabled, Deregistered, NotShared, NotAllowed };

    /// <summary>The reasons that make an instance worth listing (any of them).</summary>
    public IReadOnlyList<string> Reasons { get; set; } = DefaultReasons;

    /// <summary>With <see cref="Old"/>: an image made more than this many days ago is outdated.</summary>
    public int? OlderThanDays { get; set; }

    /// <summary>Only these instances (none: every instance of the place).</summary>
    public IReadOnlyList<string> InstanceIds { get; set; } = new string[0];

    /// <summary>Only instances of these images (none: any image).</summary>
    public IReadOnlyList<string> ImageIds { get; set; } = new string[0];

    /// <summary>Also terminated instances (EC2 lists them for about an hour).</summary>
    public bool IncludeTerminated { get; set; }
}
