using System;
using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>The images a retirement command was given for one region, in the order they came.</summary>
public sealed class RegionBatch
{
    public RegionBatch(ResolvedConnection connection, IEnumerable<string> imageIds)
    {
        Connection = connection;
        ImageIds = imageIds.Distinct(StringComparer.Ordinal).ToList();
    }

    public ResolvedConnection Connection { get; }
    public IReadOnlyList<string> ImageIds { get; }

    public string Region => Connection.Region;
}
