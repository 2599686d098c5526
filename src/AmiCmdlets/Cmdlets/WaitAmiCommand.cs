using System.Collections.Generic;
using System.Management.Automation;
using AmiCmdlets.Engine.Connection;
using AmiCmdlets.Engine.Waiting;
using AmiCmdlets.Infrastructure;

namespace AmiCmdlets
{
    /// <summary>Waits until images reach a state, polling each region once per round for all its images.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "Ami")]
    [OutputType(typeof(Ami))]
    public sealed class WaitAmiCommand : AmiCmdletBase
    {
        private readonly Dictionary<string, (ResolvedConnection Connection, List<string> Ids)> _byRegion = new Dictionary<string, (ResolvedConnection, List<string>)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(ResourceIdPatterns.ImageId)]
        [ArgumentCompleter(typeof(ImageIdCompleter))]
        public string[] ImageId { get; set; } = new string[0];

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRegion]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [ValidateSet("available", "failed", "pending", "disabled")]
        public string State { get; set; } = "available";

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            var connection = Connect(Region);
            if (!_byRegion.TryGetValue(connection.Region, out var entry)) _byRegion[connection.Region] = entry = (connection, new List<string>());
            entry.Ids.AddRange(ImageId);
        }

        protected override void EndProcessing()
        {
            var targets = new List<WaitTarget>();
            foreach (var entry in _byRegion.Values) targets.Add(new WaitTarget(entry.Connection, entry.Ids));
            var policy = AmiSessionContext.WaitPolicy(TimeoutSec);
            // ValidateSet lets 'Available' through; EC2's states are lower case.
            var state = State.ToLowerInvariant();
            var waiter = new ImageWaiter(Clients);
            ActiveWait = new WaitReport();
            Run((events, token) => waiter.WaitAndReportAsync(targets, state, policy, events, token, ActiveWait));
        }
    }
}
