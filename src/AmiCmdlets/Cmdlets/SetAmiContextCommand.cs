using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets;

/// <summary>Stores default region, credentials, endpoint and role for later AmiCmdlets calls in this session.</summary>
[Cmdlet(VerbsCommon.Set, "AmiContext", SupportsShouldProcess = false)]
[OutputType(typeof(void))]
public sealed class SetAmiContextCommand : AmiCmdletBase
{
    /// <summary>The default regions; several make every later command run in each of them.</summary>
    [Parameter(Position = 0)]
    [ValidateRegion]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    /// <summary>Total attempts per request, retries included (standard retry mode, jittered backoff).</summary>
    [Parameter]
    [ValidateRange(1, 20)]
    public int MaxAttempts { get; set; }

    /// <summary>First pause between polls while waiting for images; later pauses grow by half up to MaxPollIntervalSec.</summary>
    [Parameter]
    [ValidateRange(0.01, 300)]
    public double PollIntervalSec { get; set; }

    /// <summary>Longest pause between polls while waiting for images (default 15, the AWS waiter's interval).</summary>
    [Parameter]
    [ValidateRange(0.01, 600)]
    public double MaxPollIntervalSec { get; set; }

    private static readonly HashSet<string> CommonParameterNames = new HashSet<string>(
        Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

    protected override void ProcessRecord()
    {
        // A region AWS does not have is refused now (UnknownRegion), not at every later call as "check your keys";
        // so are a profile that does not exist, -RoleName without accounts and roles of another partition. No call is made.
        Resolve(Region ?? new[] { "us-east-1" });
        // Checked first, so a refused call changes nothing.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(PollIntervalSec))) AmiSessionContext.PollInterval = TimeSpan.FromSeconds(PollIntervalSec);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxPollIntervalSec))) AmiSessionContext.MaxPollInterval = TimeSpan.FromSeconds(MaxPollIntervalSec);
        var changes = ExplicitSettings(Region);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxAttempts))) changes.MaxAttempts = MaxAttempts;
        AmiSessionContext.Update(changes);
        Clients.Reset();
        var changed = MyInvocation.BoundParameters.Keys.Where(k => !CommonParameterNames.Contains(k));
        WriteVerbose("AmiCmdlets context updated: " + string.Join(", ", changed));
    }
}
