namespace LocalAws;

// The JSON documents of the control plane (/_localaws/*). Property names serialize camelCase.

/// <summary>
/// One row of GET /_localaws/calls. <paramref name="RoleArn"/>: the IAM role ARN of a role session that signed
/// the calls (null for long-term keys), so a fleet test sees which role reached each account.
/// </summary>
public sealed record CallCount(string Account, string Region, string Action, int Count, bool Mutating, string? RoleArn = null);

/// <summary>POST /_localaws/seed: resources created directly in one account and region.</summary>
public sealed record SeedRequest
{
    public string Account { get; init; } = LocalAwsAccounts.DefaultAccount;
    public string Region { get; init; } = "us-east-1";
    public IReadOnlyList<SeedImage>? Images { get; init; }
    public IReadOnlyList<SeedInstance>? Instances { get; init; }
    public SeedBulkImages? BulkImages { get; init; }
    /// <summary>KMS keys, created before the images (so images can name them by alias).</summary>
    public IReadOnlyList<SeedKey>? Keys { get; init; }
    /// <summary>Launch templates (version 1 holds the image id), created after the images.</summary>
    public IReadOnlyList<SeedLaunchTemplate>? LaunchTemplates { get; init; }
    /// <summary>Images in the Recycle Bin, as a retention rule would keep deregistered images.</summary>
    public IReadOnlyList<SeedRecycleBinImage>? RecycleBinImages { get; init; }
    /// <summary>Recycle Bin retention rules of the seed's account and region, added to those already there.</summary>
    public IReadOnlyList<SeedRetentionRule>? RetentionRules { get; init; }
}

/// <summary>
/// A Recycle Bin retention rule: <see cref="ResourceType"/> EC2_IMAGE keeps deregistered images, EBS_SNAPSHOT deleted
/// snapshots, for <see cref="RetainDays"/> (fractions allowed, so a test can watch an entry expire); with
/// <see cref="ResourceTags"/>, only resources carrying all of them.
/// </summary>
public sealed record SeedRetentionRule
{
    public required string ResourceType { get; init; }
    public double RetainDays { get; init; } = 7;
    public IReadOnlyDictionary<string, string>? ResourceTags { get; init; }
}

/// <summary>A deregistered image held in the Recycle Bin for <see cref="RetainDays"/>.</summary>
public sealed record SeedRecycleBinImage
{
    public required string ImageId { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int RetainDays { get; init; } = 7;
}

/// <summary>A launch template whose version 1 (the default) launches <see cref="ImageId"/>.</summary>
public sealed record SeedLaunchTemplate
{
    public required string Name { get; init; }
    public string? ImageId { get; init; }
    public string? InstanceType { get; init; }
}

/// <summary>A KMS key in the seed's account and region.</summary>
public sealed record SeedKey
{
    /// <summary>"alias/name" (or just "name"); "alias/aws/..." is reserved.</summary>
    public string? Alias { get; init; }
    public string? Description { get; init; }
    /// <summary>False seeds the key Disabled.</summary>
    public bool Enabled { get; init; } = true;
    public string KeySpec { get; init; } = "SYMMETRIC_DEFAULT";
    /// <summary>Default: ENCRYPT_DECRYPT, SIGN_VERIFY for ECC, GENERATE_VERIFY_MAC for HMAC.</summary>
    public string? KeyUsage { get; init; }
    /// <summary>Optional fixed key id (a UUID); generated when absent.</summary>
    public string? KeyId { get; init; }
    /// <summary>The key policy document; default: the default key policy (plus <see cref="ShareWith"/>).</summary>
    public string? Policy { get; init; }
    /// <summary>Accounts given use of the key and grants for AWS resources, as the KMS console writes it for "other AWS accounts".</summary>
    public IReadOnlyList<string>? ShareWith { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record SeedImage
{
    public required string Name { get; init; }
    /// <summary>Optional fixed id ("ami-" + 8 or 17 hex digits); generated when absent.</summary>
    public string? ImageId { get; init; }
    /// <summary>pending, available (default), failed, disabled.</summary>
    public string? State { get; init; }
    public DateTimeOffset? CreationDate { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public bool Public { get; init; }
    /// <summary>Accounts given launch permission, as ModifyImageAttribute LaunchPermission.Add UserId would.</summary>
    public IReadOnlyList<string>? LaunchPermissions { get; init; }
    public DateTimeOffset? DeprecationTime { get; init; }
    /// <summary>Owner account; defaults to the seed's account.</summary>
    public string? OwnerId { get; init; }
    /// <summary>Block devices, each with its own new snapshot; default one root volume (8 GiB Linux, 30 GiB Windows).</summary>
    public IReadOnlyList<SeedBlockDevice>? BlockDevices { get; init; }
    /// <summary>Existing snapshots (of any account, in the seed's region) to back the image instead of new ones, one device each; as an AMI registered on shared snapshots.</summary>
    public IReadOnlyList<string>? SnapshotIds { get; init; }
    /// <summary>Default for every block device that does not say otherwise.</summary>
    public bool Encrypted { get; init; }
    public string? KmsKeyId { get; init; }
    public string? Architecture { get; init; }
    /// <summary>"windows" or null (Linux).</summary>
    public string? Platform { get; init; }
    public string? SourceImageId { get; init; }
    public string? SourceImageRegion { get; init; }
    public DateTimeOffset? LastLaunchedTime { get; init; }
    public bool DeregistrationProtection { get; init; }
    public string? BootMode { get; init; }
    public string? ImdsSupport { get; init; }
    /// <summary>Marketplace product codes (type "marketplace").</summary>
    public IReadOnlyList<string>? ProductCodes { get; init; }
    /// <summary>The Allowed AMIs verdict DescribeImages shows as imageAllowed (LocalAws evaluates no criteria).</summary>
    public bool? ImageAllowed { get; init; }
    /// <summary>Amazon Inspector findings GetImageFindings returns, as severity labels ("critical", "high", ...).</summary>
    public IReadOnlyList<string>? FindingSeverities { get; init; }
}

public sealed record SeedBlockDevice
{
    public string? DeviceName { get; init; }
    public int SizeGiB { get; init; } = 8;
    public string VolumeType { get; init; } = "gp3";
    public bool? Encrypted { get; init; }
    public string? KmsKeyId { get; init; }
    public bool DeleteOnTermination { get; init; } = true;
    /// <summary>DescribeSnapshots fullSnapshotSizeInBytes of this device's snapshot; null: not reported.</summary>
    public long? FullSnapshotSizeInBytes { get; init; }
    /// <summary>"archive" seeds the snapshot already archived (archival completed at seed time); default standard.</summary>
    public string? StorageTier { get; init; }
}

public sealed record SeedInstance
{
    public string? ImageId { get; init; }
    /// <summary>pending, running (default), stopping, stopped, shutting-down, terminated.</summary>
    public string State { get; init; } = "running";
    public string InstanceType { get; init; } = "t3.micro";
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>Attached volumes; default one 8 GiB root volume.</summary>
    public IReadOnlyList<SeedVolume>? Volumes { get; init; }
}

public sealed record SeedVolume
{
    public string DeviceName { get; init; } = "/dev/xvda";
    public int SizeGiB { get; init; } = 8;
}

/// <summary>Many plain private images at once (name = prefix + zero-padded index), for paging and scale tests.</summary>
public sealed record SeedBulkImages
{
    public int Count { get; init; }
    public string NamePrefix { get; init; } = "bulk-";
    /// <summary>Block devices of every bulk image, each with its own new snapshot; default one 8 GiB root volume.</summary>
    public IReadOnlyList<SeedBlockDevice>? BlockDevices { get; init; }
}

/// <summary>Ids created by a seed, in request order (bulk image ids separately).</summary>
public sealed record SeedResult
{
    public IReadOnlyList<string> ImageIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> SnapshotIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> InstanceIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> VolumeIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> BulkImageIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> LaunchTemplateIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> KeyIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> KeyArns { get; init; } = Array.Empty<string>();
}

/// <summary>POST /_localaws/faults. Replaces the previous faults; an empty document clears them.</summary>
public sealed record FaultSettings
{
    /// <summary>Action (or "*") -> delay added before the response.</summary>
    public IReadOnlyDictionary<string, int>? LatencyMs { get; init; }
    /// <summary>Random extra delay 0..JitterMs added to every delayed call.</summary>
    public int JitterMs { get; init; }
    public ThrottleFault? Throttle { get; init; }
    /// <summary>More throttle rules, checked in order after <see cref="Throttle"/>.</summary>
    public IReadOnlyList<ThrottleFault>? Throttles { get; init; }
    /// <summary>Regions whose every call answers HTTP 503 Unavailable.</summary>
    public IReadOnlyList<string>? UnavailableRegions { get; init; }
    /// <summary>Region (or "*"; "account/region" or "account/*" for one account) -> how many of the next images created there (CreateImage) end "failed" with a StateReason after their pending time.</summary>
    public IReadOnlyDictionary<string, int>? FailNextImages { get; init; }
    /// <summary>Destination region (or "*"; "account/region", "account/*" for one account) -> how many of the next CopyImage copies into it end "failed" (Server.InternalError) after their pending time.</summary>
    public IReadOnlyDictionary<string, int>? FailNextCopies { get; init; }
    /// <summary>
    /// Action -> how many of its next calls are answered; the later ones wait, unanswered and not applied,
    /// until the faults are next replaced or cleared. A deterministic "the client stopped here" for tests of
    /// what a process killed mid-run leaves behind. A key "account/Action" counts and holds only that account's calls.
    /// </summary>
    public IReadOnlyDictionary<string, int>? HoldAfter { get; init; }
    /// <summary>Regions down for every account or for one account only (HTTP 503 Unavailable), beside <see cref="UnavailableRegions"/>.</summary>
    public IReadOnlyList<UnavailableFault>? Unavailable { get; init; }
    /// <summary>Accounts whose every call answers an auth error (see <see cref="DenyFault.Kind"/>).</summary>
    public IReadOnlyList<DenyFault>? Deny { get; init; }
    /// <summary>Account -> delay added to every call it signs, on top of <see cref="LatencyMs"/> (a slow account in a fleet).</summary>
    public IReadOnlyDictionary<string, int>? AccountLatencyMs { get; init; }
}

/// <summary>Throttle the next N matching calls, or a seeded random fraction of them.</summary>
public sealed record ThrottleFault
{
    public string Action { get; init; } = "*";
    public int? NextN { get; init; }
    public double? Fraction { get; init; }
    public int? Seed { get; init; }
    public string? Region { get; init; }
    public string? Account { get; init; }
}

/// <summary>POST /_localaws/settings.</summary>
public sealed record EmulatorSettings
{
    /// <summary>Region (or "*") -> seconds new images stay pending.</summary>
    public IReadOnlyDictionary<string, double>? PendingSeconds { get; init; }
    /// <summary>
    /// Region (or "*") -> seconds a deregistered image is still listed (state "deregistered") by DescribeImages;
    /// applies to images deregistered earlier too, so 0 moves them on to "empty results" or NotFound at once.
    /// </summary>
    public IReadOnlyDictionary<string, double>? DeregisteredVisibleSeconds { get; init; }
    /// <summary>
    /// Seconds every AssumeRole session issued from now on lives (its Expiration), whatever DurationSeconds asked
    /// (still validated 900..43200); 0 goes back to DurationSeconds. For credential-renewal tests. Reset clears it.
    /// </summary>
    public double? RoleSessionSeconds { get; init; }
    /// <summary>Region (or "*") -> seconds a new image usage report stays pending (default 0).</summary>
    public IReadOnlyDictionary<string, double>? UsageReportSeconds { get; init; }
    /// <summary>The next so many image usage reports end in state "error" instead of available.</summary>
    public int? FailNextUsageReports { get; init; }
    /// <summary>Region (or "*") -> seconds ModifySnapshotTier's archive stays archival-in-progress (default 0). finish-pending ends it.</summary>
    public IReadOnlyDictionary<string, double>? SnapshotArchiveSeconds { get; init; }
    /// <summary>Region (or "*") -> seconds RestoreSnapshotTier's restore stays *-restore-in-progress (default 0; AWS: up to 72 hours). finish-pending ends it.</summary>
    public IReadOnlyDictionary<string, double>? SnapshotRestoreSeconds { get; init; }
}
