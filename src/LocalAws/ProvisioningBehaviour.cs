namespace LocalAws;

/// <summary>
/// POST /_localaws/provisioning: what an instance's user data does. With <see cref="InstanceId"/> it applies to that
/// instance at once (its clock restarts now); otherwise it is a rule for instances launched from now on whose tags
/// match <see cref="TagKey"/> (and <see cref="TagValue"/> when given) or whose image is <see cref="ImageId"/>.
/// The last matching rule wins; <see cref="Clear"/> drops every rule first. Reset clears the rules.
/// </summary>
public sealed record ProvisioningBehaviour
{
    public string? InstanceId { get; init; }
    public string? TagKey { get; init; }
    public string? TagValue { get; init; }
    public string? ImageId { get; init; }
    /// <summary>stop (default: shuts down, as a script ending in shutdown does), fail (prints <see cref="FailLine"/> and keeps running), never (keeps running), terminate (shuts down with terminate behaviour: the instance is gone).</summary>
    public string Outcome { get; init; } = "stop";
    /// <summary>Seconds from launch until the outcome; the lines appear evenly over this time. Null: the region's pending time.</summary>
    public double? Seconds { get; init; }
    /// <summary>Console lines the script prints; null: the script's own echo lines.</summary>
    public IReadOnlyList<string>? Lines { get; init; }
    public string? FailLine { get; init; }
    public bool Clear { get; init; }
}
