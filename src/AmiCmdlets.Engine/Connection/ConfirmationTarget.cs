using AmiCmdlets.Engine.Execution;

namespace AmiCmdlets.Engine.Connection;

/// <summary>
/// The target that -WhatIf and -Confirm name: "ami-0abc... ('web-1') in eu-west-1", or "in 111122223333/eu-west-1"
/// over several accounts. Written once for every cmdlet, because a user confirming a deletion must see where it happens.
/// </summary>
public static class ConfirmationTarget
{
    public static string For(string resourceId, string? name, ResolvedConnection place) =>
        resourceId + (string.IsNullOrEmpty(name) ? "" : " ('" + name + "')") + " in " + PlaceFanOut.NameOf(place);
}
