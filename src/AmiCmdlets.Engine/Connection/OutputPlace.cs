namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The one place an output object learns where it was read or made (<see cref="AmiOutput"/>): the account, the
/// role and the named profile of its place, so that piping it on acts there again.
/// </summary>
public static class OutputPlace
{
    public static T At<T>(this T output, ResolvedConnection place) where T : AmiOutput
    {
        output.AccountId = place.AccountId;
        output.RoleArn = place.RoleArn;
        output.ProfileName = place.NamedProfile;
        return output;
    }
}
