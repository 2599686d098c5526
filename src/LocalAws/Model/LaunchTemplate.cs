namespace LocalAws.Model;

/// <summary>A launch template and its numbered versions (only the fields AmiCmdlets reads are kept).</summary>
internal sealed class LaunchTemplate
{
    public required string LaunchTemplateId { get; init; }
    public required string Name { get; init; }
    public required string Region { get; init; }
    public required string OwnerId { get; init; }
    public DateTimeOffset CreateTime { get; init; }
    public int DefaultVersion { get; set; } = 1;
    public List<LaunchTemplateVersion> Versions { get; } = new();
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public int LatestVersion => Versions.Count == 0 ? 0 : Versions[^1].Number;

    public string Arn => $"arn:aws:ec2:{Region}:{OwnerId}:launch-template/{LaunchTemplateId}";
}

internal sealed class LaunchTemplateVersion
{
    public required int Number { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreateTime { get; init; }
    public string? ImageId { get; init; }
    public string? InstanceType { get; init; }
}
