using System.Collections.Generic;
using Amazon.EC2.Model;

namespace AmiCmdlets.Engine.Building;

/// <summary>
/// The tags that mark a build instance (and its volumes) and the image it made: a re-run and -Cleanup find build
/// instances by them, and a resumed capture finds the image an interrupted run already created.
/// </summary>
public static class BuildTags
{
    public const string BuildIdKey = "AmiCmdlets:BuildId";
    public const string SourceImageKey = "AmiCmdlets:SourceImageId";

    internal static List<Tag> ForInstance(string buildId, BuildRequest request) => new List<Tag>
    {
        new Tag("Name", "AmiCmdlets build " + buildId + " (" + request.NameTemplate + ")"),
        new Tag(BuildIdKey, buildId),
        new Tag(SourceImageKey, request.SourceImageId),
    };
}
