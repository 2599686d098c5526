using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>One image named by the user, the connection to its region, and the principals to grant or revoke on it.</summary>
public sealed class SharingTarget
{
    public SharingTarget(ResolvedConnection connection, string imageId, IReadOnlyList<SharingPrincipal>? principals = null)
    {
        Connection = connection;
        ImageId = imageId;
        Principals = principals ?? new SharingPrincipal[0];
    }

    public ResolvedConnection Connection { get; }
    public string ImageId { get; }
    public IReadOnlyList<SharingPrincipal> Principals { get; }

    internal string Key => Connection.PlaceKey + "|" + ImageId;
}
