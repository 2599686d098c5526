using System;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>The change for one image, checked and ready for ShouldProcess.</summary>
public sealed class RetirementStep : IPlannedChange
{
    internal RetirementStep(ResolvedConnection connection, string imageId, string name, string action, bool alreadyDone)
    {
        Connection = connection;
        ImageId = imageId;
        Name = name;
        Action = action;
        AlreadyDone = alreadyDone;
    }

    public ResolvedConnection Connection { get; }
    public string ImageId { get; }
    public string Name { get; }
    public string Region => Connection.Region;

    /// <summary>What ShouldProcess names: the image and where it is.</summary>
    public string Target => ConfirmationTarget.For(ImageId, Name, Connection);

    /// <summary>What ShouldProcess shows: "Deprecate AMI 'web-1' at 2027-01-01 10:16 UTC".</summary>
    public string Action { get; }

    /// <summary>The image is already as asked: nothing to call, nothing to confirm.</summary>
    public bool AlreadyDone { get; }

    /// <summary>The UTC minute AWS will store (deprecation only).</summary>
    public DateTime? DeprecateAtUtc { get; internal set; }

    /// <summary>Protection was on with a cooldown: turning it off leaves it in force for 24 hours.</summary>
    internal bool CooldownApplies { get; set; }
}
