using System;

namespace AmiCmdlets.Engine.Cost;

/// <summary>Get-AmiCost -GroupBy: Family, Account, Region or Tag:&lt;key&gt;, and the key of each priced image.</summary>
public sealed class CostGrouping
{
    public const string NoTag = "(none)";

    private readonly Func<AmiCost, string> _keyOf;

    private CostGrouping(string name, Func<AmiCost, string> keyOf)
    {
        Name = name;
        _keyOf = keyOf;
    }

    public string Name { get; }

    public string KeyOf(AmiCost cost) => _keyOf(cost);

    /// <summary>The account an image is billed to: its owner, which for the caller's own images is the account of the place it was read in.</summary>
    internal static string AccountOf(AmiCost cost) => cost.AccountId ?? cost.OwnerId;

    /// <summary>Null for none; the value was checked at binding (ValidateGroupBy).</summary>
    public static CostGrouping? Parse(string? groupBy)
    {
        if (string.IsNullOrEmpty(groupBy)) return null;
        if (groupBy!.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase))
        {
            var key = groupBy.Substring(4);
            return new CostGrouping("Tag:" + key, c => c.Tags.TryGetValue(key, out var value) ? value : NoTag);
        }
        switch (groupBy.ToLowerInvariant())
        {
            case "family": return new CostGrouping("Family", c => c.Family);
            case "account": return new CostGrouping("Account", AccountOf);
            case "region": return new CostGrouping("Region", c => c.Region);
            default: throw new ArgumentException("Not a grouping: " + groupBy, nameof(groupBy));
        }
    }
}
