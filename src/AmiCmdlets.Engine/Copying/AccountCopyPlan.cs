using System.Collections.Generic;
using AmiCmdlets.Engine.Sharing;

namespace AmiCmdlets.Engine.Copying;

/// <summary>
/// Copy-AmiToAccount's plan: what the source account grants first (launch and snapshot permission, KMS grants:
/// only what is missing, only for accounts that still need a copy), then one copy per source and target place.
/// </summary>
public sealed class AccountCopyPlan
{
    internal AccountCopyPlan(IReadOnlyList<LaunchPermissionPlan> sharing, IReadOnlyList<CopyJob> copies)
    {
        Sharing = sharing;
        Copies = copies;
    }

    public IReadOnlyList<LaunchPermissionPlan> Sharing { get; }
    public IReadOnlyList<CopyJob> Copies { get; }
}
