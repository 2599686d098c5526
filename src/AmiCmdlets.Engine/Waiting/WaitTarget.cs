using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Waiting;

/// <summary>The images to wait for in one region.</summary>
public sealed class WaitTarget
{
    public WaitTarget(ResolvedConnection connection, IEnumerable<string> imageIds)
    {
        Connection = connection;
        ImageIds = new List<string>(imageIds);
    }

    public ResolvedConnection Connection { get; }
    public IReadOnlyList<string> ImageIds { get; }

    /// <summary>Images made in several places, one target per place (one DescribeImages per poll each).</summary>
    public static IReadOnlyList<WaitTarget> PerRegion(IEnumerable<(ResolvedConnection Connection, string ImageId)> images) =>
        images.GroupBy(i => i.Connection.PlaceKey, StringComparer.Ordinal).Select(g => new WaitTarget(g.First().Connection, g.Select(i => i.ImageId))).ToList();
}
