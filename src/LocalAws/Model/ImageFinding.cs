namespace LocalAws.Model;

/// <summary>
/// An Amazon Inspector finding on an image, as GetImageFindings returns it (severity labels informational, low,
/// medium, high, critical). LocalAws has no Inspector: findings are seeded.
/// </summary>
internal sealed record ImageFinding(string Title, string SeverityLabel, double Score, bool FixAvailable, DateTimeOffset FirstObservedAt, string? SnapshotId);
