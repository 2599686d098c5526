using System;
using System.Collections.Generic;
using System.Linq;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// Where and as whom to call AWS, as given by one layer (cmdlet parameters or the session context). Any member
/// may be unset: the resolver fills gaps from the next layer. Several regions, profiles or roles make a fleet:
/// every identity in every region.
/// </summary>
public sealed class ConnectionSettings
{
    public IReadOnlyList<string> Regions { get; set; } = Array.Empty<string>();
    public IReadOnlyList<string> ProfileNames { get; set; } = Array.Empty<string>();
    public AccessKeyCredential? Credential { get; set; }
    public string? EndpointUrl { get; set; }
    public IReadOnlyList<string> RoleArns { get; set; } = Array.Empty<string>();

    /// <summary>With <see cref="RoleAccountIds"/>: the role of this name in each account, in each region's partition.</summary>
    public string? RoleName { get; set; }
    public IReadOnlyList<string> RoleAccountIds { get; set; } = Array.Empty<string>();

    /// <summary>The external id every role of this layer is assumed with.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Total attempts per request, first one included (the SDK's standard retry mode).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>One region (a view of <see cref="Regions"/> for callers that name one).</summary>
    public string? Region
    {
        get => Regions.FirstOrDefault();
        set => Regions = value == null ? Array.Empty<string>() : new[] { value };
    }

    /// <summary>One profile (a view of <see cref="ProfileNames"/>).</summary>
    public string? ProfileName
    {
        get => ProfileNames.FirstOrDefault();
        set => ProfileNames = value == null ? Array.Empty<string>() : new[] { value };
    }

    /// <summary>One role (a view of <see cref="RoleArns"/>).</summary>
    public string? RoleArn
    {
        get => RoleArns.FirstOrDefault();
        set => RoleArns = value == null ? Array.Empty<string>() : new[] { value };
    }

    /// <summary>True when this layer names roles (by ARN, or by name and accounts).</summary>
    public bool NamesRoles => RoleArns.Count > 0 || RoleName != null;

    public ConnectionSettings Clone() => (ConnectionSettings)MemberwiseClone();
}
