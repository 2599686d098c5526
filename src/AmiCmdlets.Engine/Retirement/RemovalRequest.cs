using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Waiting;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>Remove-AmiWithSnapshots for all piped images.</summary>
public sealed class RemovalRequest
{
    public IReadOnlyList<RegionBatch> Batches { get; set; } = new RegionBatch[0];

    /// <summary>-KeepSnapshot: deregister only.</summary>
    public bool KeepSnapshots { get; set; }

    /// <summary>-Force: remove images still used by instances or launch templates, here or (per a usage report) in other accounts.</summary>
    public bool Force { get; set; }

    /// <summary>-CheckOtherAccounts: make (or reuse, within 24 h) an image usage report of every image first.</summary>
    public bool CheckOtherAccounts { get; set; }

    /// <summary>-WhatIf: the usage reports of -CheckOtherAccounts are only read, never made (making one is a change).</summary>
    public bool Preview { get; set; }

    /// <summary>How the usage reports of -CheckOtherAccounts are waited for.</summary>
    public WaitPolicy UsagePolicy { get; set; } = new WaitPolicy(TimeSpan.FromMinutes(30));
}
