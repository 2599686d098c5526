namespace AmiCmdlets.Engine.Sharing;

/// <summary>A KMS grant to create (Grant) or revoke (Revoke) for one image, key and account.</summary>
public sealed class PlannedGrant
{
    internal PlannedGrant(string keyArn, string account, string name, string? grantId)
    {
        KeyArn = keyArn;
        Account = account;
        Name = name;
        GrantId = grantId;
    }

    public string KeyArn { get; }
    public string Account { get; }
    public string Name { get; }

    /// <summary>The existing grant's id (Revoke only).</summary>
    public string? GrantId { get; }
}
