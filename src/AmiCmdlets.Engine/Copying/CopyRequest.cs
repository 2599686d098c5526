using System;
using System.Collections.Generic;
using AmiCmdlets.Engine.Connection;

namespace AmiCmdlets.Engine.Copying;

/// <summary>Copy-AmiToRegion for all piped images: every source to every destination.</summary>
public sealed class CopyRequest
{
    public IReadOnlyList<CopySource> Sources { get; set; } = new CopySource[0];
    public IReadOnlyList<string> Destinations { get; set; } = new string[0];

    /// <summary>Null: the source's name. Otherwise a name or template ({date}, {timestamp}; {name} = the source's name).</summary>
    public string? NameTemplate { get; set; }
    public string? Description { get; set; }

    /// <summary>True: encrypt. Null: as the source (an encrypted source always stays encrypted). False: refuse an encrypted source.</summary>
    public bool? Encrypted { get; set; }

    /// <summary>The key for every destination ("*") or per destination region.</summary>
    public IReadOnlyDictionary<string, string> KmsKeyIds { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public bool CopySourceTags { get; set; } = true;
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>A time-based copy: every snapshot done within this many minutes (CopyCompletionDuration). Null: best effort.</summary>
    public int? CompletionDurationMinutes { get; set; }

    /// <summary>
    /// Copy-AmiToAccount: the places to copy into (each target account in each destination region), reached through
    /// their own identities. Null: every destination region, as the source's identity (Copy-AmiToRegion).
    /// </summary>
    public IReadOnlyList<ResolvedConnection>? DestinationPlaces { get; set; }

    public string? KeyFor(string region) =>
        KmsKeyIds.TryGetValue(region, out var key) ? key : KmsKeyIds.TryGetValue("*", out var all) ? all : null;

    /// <summary>The key for one place: by "account/region", then account, then region, then "*".</summary>
    public string? KeyFor(ResolvedConnection place) =>
        place.AccountId != null && KmsKeyIds.TryGetValue(place.AccountId + "/" + place.Region, out var both) ? both
        : place.AccountId != null && KmsKeyIds.TryGetValue(place.AccountId, out var account) ? account
        : KeyFor(place.Region);
}
