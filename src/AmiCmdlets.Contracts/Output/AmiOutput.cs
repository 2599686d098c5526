namespace AmiCmdlets;

/// <summary>
/// Where an output object was read or made: the account the command acted in and the role or profile that
/// reached it (beside the Region each type carries). Cmdlets bind -RoleArn and -ProfileName by property name,
/// so a piped object is acted on in its own account and region without the user repeating either; an explicit
/// parameter still wins. AccountId is the account acted in, which for a shared or public image is not its OwnerId.
/// </summary>
public abstract class AmiOutput
{
    /// <summary>The account the command acted in (null only when STS could not say who the credentials are).</summary>
    public string? AccountId { get; internal set; }

    /// <summary>The role assumed to reach the account, or null when the credentials themselves were used.</summary>
    public string? RoleArn { get; internal set; }

    /// <summary>The named profile whose credentials were used (the base of RoleArn when both are set), or null.</summary>
    public string? ProfileName { get; internal set; }
}
