using System;

namespace AmiCmdlets.Engine.Retirement;

/// <summary>One change that Set-AmiDeprecation, Enable-/Disable-AmiDeregistrationProtection or Disable-/Enable-Ami makes.</summary>
public sealed class RetirementChange
{
    public RetirementChange(RetirementChangeKind kind, DateTime? deprecateAt = null, bool withCooldown = false)
    {
        if (kind == RetirementChangeKind.Deprecate && deprecateAt == null) throw new ArgumentNullException(nameof(deprecateAt));
        Kind = kind;
        DeprecateAt = deprecateAt;
        WithCooldown = withCooldown;
    }

    public RetirementChangeKind Kind { get; }

    /// <summary>As the user gave it (local or UTC); each image gets it normalized by <see cref="DeprecationSchedule"/>.</summary>
    public DateTime? DeprecateAt { get; }
    public bool WithCooldown { get; }
}
