using System.Collections.Generic;

namespace AmiCmdlets.Engine.Sharing;

/// <summary>Grant-AmiLaunchPermission or Revoke-AmiLaunchPermission for all piped images.</summary>
public sealed class SharingRequest
{
    /// <summary>The images, each with its principals (the same image may come several times: its principals add up).</summary>
    public IReadOnlyList<SharingTarget> Images { get; set; } = new SharingTarget[0];

    /// <summary>Revoke only: every principal the image has, public included.</summary>
    public bool All { get; set; }

    /// <summary>Grant only: leave the snapshots' createVolumePermission alone (the accounts can launch, not copy).</summary>
    public bool SkipSnapshotPermission { get; set; }

    /// <summary>Grant only: make no KMS grants (the key policy gives the accounts access some other way).</summary>
    public bool SkipKmsGrant { get; set; }

    /// <summary>Grant only: leave the AMI sharing quota to EC2 (an account whose quota was raised above the default).</summary>
    public bool IgnoreSharingQuota { get; set; }
}
