namespace AmiCmdlets.Engine.Connection;

/// <summary>Which credentials to use. Kind decides; the key says nothing secret.</summary>
internal sealed class CredentialChoice
{
    private CredentialChoice(string key, string source, string? profileName, AccessKeyCredential? keys, bool named)
    {
        Named = named;
        Key = key;
        Source = source;
        ProfileName = profileName;
        Keys = keys;
    }

    public string Key { get; }
    public string Source { get; }
    public string? ProfileName { get; }
    public AccessKeyCredential? Keys { get; }

    /// <summary>True for a profile the user named (parameter or Set-AmiContext), false for the default chain's guess.</summary>
    public bool Named { get; }

    public static CredentialChoice FromKeys(AccessKeyCredential keys, string source) =>
        new CredentialChoice("keys:" + keys.AccessKeyId + ":" + SecretFingerprint.Of(keys.SecretAccessKey), source, null, keys, false);

    public static CredentialChoice FromProfile(string profileName, string source) =>
        new CredentialChoice("profile:" + profileName, source, profileName, null, true);

    public static CredentialChoice DefaultChain(string source, string? profileHint) =>
        new CredentialChoice("default", source, profileHint, null, false);
}
