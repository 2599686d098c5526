namespace AmiCmdlets.Engine.Usage;

/// <summary>One entry of an image usage report: how many resources of a type one account has that reference the image.</summary>
public sealed class OtherAccountUse(string accountId, string resourceType, long count)
{
    public string AccountId { get; } = accountId;

    /// <summary>ec2:Instance or ec2:LaunchTemplate.</summary>
    public string ResourceType { get; } = resourceType;
    public long Count { get; } = count;

    /// <summary>"account 111122223333 (2 instances)", for messages.</summary>
    public override string ToString() =>
        "account " + AccountId + " (" + Count + " " + (ResourceType == "ec2:LaunchTemplate" ? "launch template" : "instance") + (Count == 1 ? "" : "s") + ")";
}
