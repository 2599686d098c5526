using System.Collections.Generic;
using System.Linq;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Retirement;

namespace AmiCmdlets.Infrastructure;

/// <summary>
/// Gathers piped image ids per place (account and region) in ProcessRecord, so EndProcessing can check each
/// place's images together (a few describe calls per place instead of several per image).
/// </summary>
internal sealed class RegionBatchCollector
{
    private readonly List<(ResolvedConnection Connection, List<string> ImageIds)> _regions = new List<(ResolvedConnection, List<string>)>();

    /// <param name="connection">Null when the place could not be reached (already reported): nothing is added.</param>
    public void Add(ResolvedConnection? connection, IEnumerable<string> imageIds)
    {
        if (connection == null) return;
        var index = _regions.FindIndex(r => r.Connection.PlaceKey == connection.PlaceKey);
        if (index < 0)
        {
            _regions.Add((connection, new List<string>()));
            index = _regions.Count - 1;
        }
        _regions[index].ImageIds.AddRange(imageIds);
    }

    public bool IsEmpty => _regions.All(r => r.ImageIds.Count == 0);

    public IReadOnlyList<RegionBatch> ToBatches() => _regions.Select(r => new RegionBatch(r.Connection, r.ImageIds)).ToList();
}
