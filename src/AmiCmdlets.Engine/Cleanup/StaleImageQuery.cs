using System.Collections.Generic;

namespace AmiCmdlets.Engine.Cleanup
{
    /// <summary>What Find-StaleAmi looks for. Defaults follow aws-amicleaner: keep 3 per family, older than 30 days.</summary>
    public sealed class StaleImageQuery
    {
        public const decimal DefaultPricePerGiBMonth = 0.05m;

        public IReadOnlyList<string> Names { get; set; } = new string[0];
        public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

        /// <summary>Null: families by name. Otherwise the tag key whose value is the family.</summary>
        public string? GroupByTag { get; set; }
        public int KeepLatest { get; set; } = 3;
        public int OlderThanDays { get; set; } = 30;
        public bool IncludeInUse { get; set; }
        public decimal PricePerGiBMonth { get; set; } = DefaultPricePerGiBMonth;
    }
}
