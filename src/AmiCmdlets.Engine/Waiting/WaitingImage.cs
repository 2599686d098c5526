namespace AmiCmdlets.Engine.Waiting;

/// <summary>One image being waited for, with the last state seen.</summary>
public sealed class WaitingImage(string imageId, string region)
{
    public string ImageId { get; } = imageId;
    public string Region { get; } = region;
    public string? Name { get; internal set; }
    public string LastState { get; internal set; } = "unknown";

    /// <summary>Whether DescribeImages has listed it at least once.</summary>
    internal bool Seen { get; set; }
}
