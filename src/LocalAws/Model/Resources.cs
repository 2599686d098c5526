namespace LocalAws.Model;

internal sealed class Snapshot
{
    public required string SnapshotId { get; init; }
    public required string Region { get; init; }
    public required string OwnerId { get; init; }
    public string? OwnerAlias { get; init; }
    public string? VolumeId { get; set; }
    public int VolumeSize { get; set; }
    public string State { get; set; } = "completed";
    public DateTimeOffset StartTime { get; set; }
    public string? Description { get; set; }
    public bool Encrypted { get; set; }
    public string? KmsKeyId { get; set; }

    /// <summary>A time-based copy's requested duration (CopyImage SnapshotCopyCompletionDurationMinutes); null otherwise.</summary>
    public int? CompletionDurationMinutes { get; set; }
    public HashSet<string> CreateVolumePermissionUserIds { get; } = new(StringComparer.Ordinal);
    /// <summary>createVolumePermission Group=all.</summary>
    public bool Public { get; set; }
    /// <summary>A "pending" snapshot (taken by CreateImage) completes with its image.</summary>
    public DateTimeOffset? CompletesAt { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    /// <summary>DescribeSnapshots fullSnapshotSizeInBytes; null = not reported (set when archived: the archive holds a full copy).</summary>
    public long? FullSnapshotSizeInBytes { get; set; }
    public SnapshotTierState Tier { get; } = new();

    public void Settle(DateTimeOffset now)
    {
        Tier.Settle(now);
        if (State == "pending" && CompletesAt is { } at && at <= now)
        {
            State = "completed";
            CompletesAt = null;
        }
    }
}

internal sealed class Volume
{
    public required string VolumeId { get; init; }
    public required string Region { get; init; }
    public required string OwnerId { get; init; }
    public int Size { get; set; }
    public string? SnapshotId { get; set; }
    public string VolumeType { get; set; } = "gp3";
    /// <summary>"in-use" while attached, otherwise "available".</summary>
    public string State { get; set; } = "available";
    public string? AttachedInstanceId { get; set; }
    public string? DeviceName { get; set; }
    public bool DeleteOnTermination { get; set; } = true;
    public bool Encrypted { get; set; }
    public string? KmsKeyId { get; set; }
    public DateTimeOffset CreateTime { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

internal sealed class Instance
{
    public required string InstanceId { get; init; }
    public required string Region { get; init; }
    public required string OwnerId { get; init; }
    public string? ImageId { get; set; }
    /// <summary>pending, running, stopping, stopped, shutting-down, terminated.</summary>
    public string State { get; set; } = "running";
    public string InstanceType { get; set; } = "t3.micro";
    public string RootDeviceName { get; set; } = "/dev/xvda";
    public DateTimeOffset LaunchTime { get; set; }
    /// <summary>Device name -> volume id, in attachment order.</summary>
    public List<(string DeviceName, string VolumeId)> Attachments { get; } = new();
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public string ReservationId { get; set; } = "";
    public int LaunchIndex { get; set; }
    public string Architecture { get; set; } = "x86_64";
    public string? Platform { get; set; }
    /// <summary>Terminated instances stay listed for an hour, as on AWS.</summary>
    public DateTimeOffset? TerminatedAt { get; set; }
    public string? StateTransitionReason { get; set; }
    /// <summary>The caller's ClientToken, or a random one when the request had none (as AWS does).</summary>
    public string ClientToken { get; set; } = "";
    public bool EbsOptimized { get; set; }
    public InstanceMetadataOptions MetadataOptions { get; set; } = new();
    /// <summary>RunInstances UserData, decoded (null when none was given).</summary>
    public string? UserData { get; set; }
    /// <summary>RunInstances SubnetId / SecurityGroupId.N (null / empty: the default VPC's).</summary>
    public string? SubnetId { get; set; }
    public List<string> SecurityGroupIds { get; } = new();
    public string? IamInstanceProfileArn { get; set; }
    /// <summary>InstanceInitiatedShutdownBehavior: stop (default) or terminate.</summary>
    public string ShutdownBehavior { get; set; } = "stop";
    /// <summary>What the instance's user data does over time (console lines, then stop / fail / never); null: nothing.</summary>
    public InstanceProvisioning? Provisioning { get; set; }
}

/// <summary>RunInstances MetadataOptions as the instance reports them.</summary>
internal sealed record InstanceMetadataOptions
{
    public string HttpTokens { get; init; } = "optional";
    public int HttpPutResponseHopLimit { get; init; } = 1;
    public string HttpEndpoint { get; init; } = "enabled";
    public string HttpProtocolIpv6 { get; init; } = "disabled";
    public string InstanceMetadataTags { get; init; } = "disabled";
}

/// <summary>Everything one account owns in one region, apart from images (see <see cref="RegionImages"/>).</summary>
internal sealed class AccountRegion
{
    public AccountRegion(string account, string region)
    {
        Account = account;
        Region = region;
    }

    public string Account { get; }
    public string Region { get; }
    public Dictionary<string, Snapshot> Snapshots { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Volume> Volumes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Instance> Instances { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LaunchTemplate> LaunchTemplates { get; } = new(StringComparer.Ordinal);
    /// <summary>Image block public access ("block-new-sharing") for this account and region.</summary>
    public bool ImageBlockPublicAccess { get; set; }
    /// <summary>Allowed AMIs for this account and region.</summary>
    public AllowedImagesSettings AllowedImages { get; } = new();
    /// <summary>Deregistered images a retention rule keeps (seeded: retention rules themselves are not emulated).</summary>
    public Dictionary<string, RecycleBinImage> RecycleBin { get; } = new(StringComparer.Ordinal);
    /// <summary>Deleted snapshots a retention rule keeps.</summary>
    public Dictionary<string, RecycleBinSnapshot> SnapshotRecycleBin { get; } = new(StringComparer.Ordinal);
    /// <summary>Recycle Bin retention rules (seeded).</summary>
    public List<RetentionRule> RetentionRules { get; } = new();
}

/// <summary>A deregistered image in the bin; <see cref="Image"/> is null for one seeded straight into the bin (listed, not restorable).</summary>
internal sealed record RecycleBinImage(string ImageId, string Name, string? Description, DateTimeOffset EnterTime, DateTimeOffset ExitTime, Image? Image = null);
