using System.Collections.Generic;

namespace AmiCmdlets.Engine.Capture;

/// <summary>
/// A checked capture, ready to create: the instance exists and is running or stopped, the name is free,
/// the tags are merged. Nothing has changed in AWS yet; the cmdlet asks ShouldProcess with <see cref="Summary"/>.
/// </summary>
public sealed class CapturePlan
{
    internal CapturePlan(CaptureRequest request, string name, string ownerId, string instanceState,
        IReadOnlyDictionary<string, string> imageTags, IReadOnlyDictionary<string, string> snapshotTags, IReadOnlyList<string> includedDevices)
    {
        Request = request;
        Name = name;
        OwnerId = ownerId;
        InstanceState = instanceState;
        ImageTags = imageTags;
        SnapshotTags = snapshotTags;
        IncludedDevices = includedDevices;
    }

    public CaptureRequest Request { get; }
    public string Name { get; }
    public string OwnerId { get; }
    public string InstanceState { get; }
    public IReadOnlyDictionary<string, string> ImageTags { get; }
    public IReadOnlyDictionary<string, string> SnapshotTags { get; }
    public IReadOnlyList<string> IncludedDevices { get; }

    /// <summary>The ShouldProcess action text.</summary>
    public string Summary =>
        "Create AMI '" + Name + "' from " + InstanceState + " instance with " + IncludedDevices.Count + " volume(s) (" + string.Join(", ", IncludedDevices) + ")" +
        (Request.NoReboot || InstanceState != "running" ? "" : ", rebooting the instance") +
        (Request.ExcludeDevices.Count > 0 ? ", excluding " + string.Join(", ", Request.ExcludeDevices) : "");
}
