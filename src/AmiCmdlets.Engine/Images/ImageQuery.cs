using System.Collections.Generic;

namespace AmiCmdlets.Engine.Images;

/// <summary>What Get-Ami asks for. Empty lists mean "no restriction".</summary>
public sealed class ImageQuery
{
    public IReadOnlyList<string> ImageIds { get; set; } = new string[0];
    public IReadOnlyList<string> Names { get; set; } = new string[0];
    public IReadOnlyList<string> Owners { get; set; } = new string[0];
    public IReadOnlyList<string> ExecutableBy { get; set; } = new string[0];
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    public bool IncludeDeprecated { get; set; }
    public bool IncludeDisabled { get; set; }
    /// <summary>Only images of these sources (Get-Ami -Source); with no owner named, it also narrows what is asked for.</summary>
    public IReadOnlyList<AmiSource> Sources { get; set; } = new AmiSource[0];
}
