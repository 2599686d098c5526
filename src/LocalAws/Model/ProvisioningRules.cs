namespace LocalAws.Model;

/// <summary>Provisioning behaviours set on the control plane for instances launched later (by tag or image); the last match wins.</summary>
internal sealed class ProvisioningRules
{
    private readonly List<ProvisioningBehaviour> _rules = new();

    public void Add(ProvisioningBehaviour rule) => _rules.Add(rule);

    public void Clear() => _rules.Clear();

    public ProvisioningBehaviour? Match(IReadOnlyDictionary<string, string> tags, string? imageId) => _rules.LastOrDefault(r =>
        (r.ImageId is null || r.ImageId == imageId) &&
        (r.TagKey is null || (tags.TryGetValue(r.TagKey, out var value) && (r.TagValue is null || r.TagValue == value))) &&
        (r.ImageId is not null || r.TagKey is not null));
}
