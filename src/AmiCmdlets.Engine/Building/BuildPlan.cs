using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AmiCmdlets.Engine.Building;

/// <summary>
/// A checked build, ready to run: the source image is available, the build's id is known and so are the build
/// instances an interrupted run of the same build left (one stopped by its script may be resumed). Nothing has
/// changed in AWS yet; the cmdlet asks ShouldProcess with <see cref="Summary"/>.
/// </summary>
public sealed class BuildPlan
{
    internal BuildPlan(BuildRequest request, string buildId, Ami source, string? rootDeviceName,
        IReadOnlyList<AmiBuildInstance> leftovers, AmiBuildInstance? resume)
    {
        Request = request;
        BuildId = buildId;
        Source = source;
        RootDeviceName = rootDeviceName;
        Leftovers = leftovers;
        Resume = resume;
    }

    public BuildRequest Request { get; }
    public string BuildId { get; }
    public Ami Source { get; }
    public string? RootDeviceName { get; }
    /// <summary>Every live build instance of this build from earlier runs (terminated, except <see cref="Resume"/>).</summary>
    public IReadOnlyList<AmiBuildInstance> Leftovers { get; }
    /// <summary>An earlier run's build instance that its script already stopped without a failure line: captured instead of a new launch.</summary>
    public AmiBuildInstance? Resume { get; }

    public IEnumerable<AmiBuildInstance> ToTerminate => Leftovers.Where(l => Resume == null || l.InstanceId != Resume.InstanceId);

    /// <summary>The ShouldProcess action text: what is launched, waited for, captured and removed.</summary>
    public string Summary
    {
        get
        {
            var text = new StringBuilder();
            var stale = ToTerminate.Select(l => l.InstanceId).ToList();
            if (stale.Count > 0) text.Append("Terminate ").Append(stale.Count).Append(" build instance(s) left by an interrupted run (").Append(string.Join(", ", stale)).Append("); ");
            if (Resume != null) text.Append("resume build ").Append(BuildId).Append(" from its stopped build instance ").Append(Resume.InstanceId);
            else
            {
                text.Append("launch a ").Append(Request.InstanceType).Append(" build instance (build ").Append(BuildId).Append(") from ").Append(Source.ImageId)
                    .Append(" ('").Append(Source.Name).Append("') with IMDSv2 required, shutdown behaviour stop and ")
                    .Append(Encoding.UTF8.GetByteCount(Request.UserData).ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes of user data");
                if (Request.SubnetId != null) text.Append(" in ").Append(Request.SubnetId);
                text.Append(", wait for its script to stop it");
            }
            text.Append(", capture it as AMI '").Append(Request.NameTemplate).Append("', then terminate the build instance");
            return text.ToString();
        }
    }
}
