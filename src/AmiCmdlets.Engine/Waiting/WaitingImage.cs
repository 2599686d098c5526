namespace AmiCmdlets.Engine.Waiting;

/// <summary>One image being waited for, with the last state seen, and the role or profile of its place (for the resume command).</summary>
public sealed class WaitingImage(string imageId, string region, string? roleArn = null, string? profileName = null)
{
    public string ImageId { get; } = imageId;
    public string Region { get; } = region;
    public string? RoleArn { get; } = roleArn;
    public string? ProfileName { get; } = profileName;
    public string? Name { get; internal set; }
    public string LastState { get; internal set; } = "unknown";

    /// <summary>Whether DescribeImages has listed it at least once.</summary>
    internal bool Seen { get; set; }

    /// <summary>An image waited for in <paramref name="place"/>: a fleet's resume command must name the place's role or profile.</summary>
    internal static WaitingImage At(string imageId, AmiCmdlets.Engine.Connection.ResolvedConnection place) =>
        new WaitingImage(imageId, place.Region, place.RoleArn, place.NamedProfile);
}
