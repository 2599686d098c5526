namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The target that -WhatIf and -Confirm name: "ami-0abc... ('web-1') in eu-west-1". Written once for every
/// cmdlet, because in a pipeline over several regions (and, later, accounts) a user confirming a deletion
/// must see where it happens; when places gain an account, it is added here.
/// </summary>
public static class ConfirmationTarget
{
    public static string For(string resourceId, string? name, ResolvedConnection place) =>
        resourceId + (string.IsNullOrEmpty(name) ? "" : " ('" + name + "')") + " in " + place.Region;
}
