namespace AmiCmdlets.Engine.Retirement;

public enum RetirementChangeKind
{
    Deprecate,
    ClearDeprecation,
    EnableProtection,
    DisableProtection,
    Disable,
    Enable,
}
