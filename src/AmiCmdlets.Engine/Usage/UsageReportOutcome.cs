using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Usage;

/// <summary>What the image usage report of one image says: who else uses it, or why there is no answer.</summary>
public sealed class UsageReportOutcome(string imageId)
{
    public string ImageId { get; } = imageId;
    public string? ReportId { get; internal set; }

    /// <summary>When the report was made: its entries are as of then.</summary>
    public DateTime? ReportTime { get; internal set; }
    public List<OtherAccountUse> Uses { get; } = new List<OtherAccountUse>();

    /// <summary>The report failed, timed out or could not be read: its image is NOT known to be unused.</summary>
    public AmiOperationException? Failure { get; internal set; }

    /// <summary>No report exists and none was made (<see cref="UsageReportOptions.CreateMissing"/> false).</summary>
    public bool NoReport => ReportId == null && Failure == null;

    public bool UsedElsewhere => Uses.Count > 0;

    /// <summary>"account 111122223333 (1 instance), account 444455556666 (2 launch templates)".</summary>
    public string Describe() => string.Join(", ", Uses.Select(u => u.ToString()));
}
