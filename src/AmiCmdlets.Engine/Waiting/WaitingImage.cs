namespace AmiCmdlets.Engine.Waiting;

/// <summary>One image being waited for, with the last state seen.</summary>
public sealed class WaitingImage
{
    public WaitingImage(string imageId, string region)
    {
        ImageId = imageId;
        Region = region;
    }

    public string ImageId { get; }
    public string Region { get; }
    public string? Name { get; internal set; }
    public string LastState { get; internal set; } = "unknown";

    /// <summary>Whether DescribeImages has listed it at least once.</summary>
    internal bool Seen { get; set; }
}
