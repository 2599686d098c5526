namespace LocalAws.Model;

/// <summary>An AMI as EC2 stores it. Field names follow the DescribeImages wire names.</summary>
internal sealed class Image
{
    public required string ImageId { get; init; }
    public required string Region { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>"amazon" or "aws-marketplace" for those owners; null for ordinary accounts.</summary>
    public string? OwnerAlias { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string State { get; set; } = ImageStates.Available;
    /// <summary>When a pending image turns available; state is settled lazily on read.</summary>
    public DateTimeOffset? AvailableAt { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public bool Public { get; set; }
    /// <summary>Accounts named in the launch permission (ModifyImageAttribute LaunchPermission.Add UserId).</summary>
    public HashSet<string> LaunchPermissionUserIds { get; } = new(StringComparer.Ordinal);
    /// <summary>Organization ARNs in the launch permission (LaunchPermission.Add OrganizationArn).</summary>
    public HashSet<string> LaunchPermissionOrgArns { get; } = new(StringComparer.Ordinal);
    /// <summary>Organizational unit ARNs in the launch permission (LaunchPermission.Add OrganizationalUnitArn).</summary>
    public HashSet<string> LaunchPermissionOuArns { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset? DeprecationTime { get; set; }
    /// <summary>Wire value: "disabled", "enabled" or "enabled-with-cooldown" (the latter two as AWS words them).</summary>
    public string DeregistrationProtection { get; set; } = "disabled";
    /// <summary>After disabling protection that had a cooldown: deregistration stays refused until then.</summary>
    public DateTimeOffset? DeregistrationProtectionUntil { get; set; }
    /// <summary>An injected failure (failNextImages): at <see cref="AvailableAt"/> the image turns failed, not available.</summary>
    public bool FailWhenDue { get; set; }
    /// <summary>StateReason for <see cref="FailWhenDue"/> (CopyImage sets KMS reasons); null means an internal error.</summary>
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public string Architecture { get; set; } = "x86_64";
    /// <summary>"windows" or null (Linux images carry no platform element).</summary>
    public string? Platform { get; set; }
    public string PlatformDetails { get; set; } = "Linux/UNIX";
    public string UsageOperation { get; set; } = "RunInstances";
    public string ImageType { get; set; } = "machine";
    public string RootDeviceType { get; set; } = "ebs";
    public string RootDeviceName { get; set; } = "/dev/xvda";
    public string VirtualizationType { get; set; } = "hvm";
    public string Hypervisor { get; set; } = "xen";
    public bool EnaSupport { get; set; } = true;
    public string? SriovNetSupport { get; set; } = "simple";
    public string? BootMode { get; set; }
    public string? ImdsSupport { get; set; }
    public string? ImageLocation { get; set; }
    public string? SourceImageId { get; set; }
    public string? SourceImageRegion { get; set; }
    public string? SourceInstanceId { get; set; }
    public DateTimeOffset? LastLaunchedTime { get; set; }
    /// <summary>When DeregisterImage ran (state clock); drives what DescribeImages still shows of it.</summary>
    public DateTimeOffset? DeregisteredAt { get; set; }
    public string? StateReasonCode { get; set; }
    public string? StateReasonMessage { get; set; }
    public List<BlockDevice> BlockDevices { get; } = new();
    /// <summary>Marketplace product codes (a capture inherits its source's).</summary>
    public List<ProductCode> ProductCodes { get; } = new();
    /// <summary>Sent as freeTierEligible when known (base images); null leaves the element out.</summary>
    public bool? FreeTierEligible { get; set; }
    /// <summary>
    /// Sent as imageAllowed when set. LocalAws does not evaluate Allowed AMIs criteria: a seed states the outcome
    /// (as the account with Allowed AMIs in audit-mode or enabled would see it).
    /// </summary>
    public bool? ImageAllowed { get; set; }
    /// <summary>Public SSM parameters (/aws/service/...) that ever pointed at this image: the public-ssm-parameter-name filter.</summary>
    public HashSet<string> PublicSsmParameters { get; } = new(StringComparer.Ordinal);
    /// <summary>Amazon Inspector findings (GetImageFindings); seeded.</summary>
    public List<ImageFinding> Findings { get; } = new();
    /// <summary>The image of the instance CreateImage captured (not on the wire): GetImageAncestry follows it.</summary>
    public string? CapturedFromImageId { get; set; }

    /// <summary>Tags other accounts put on this (shared or public) image: each account sees and changes only its own (AWS).</summary>
    public Dictionary<string, Dictionary<string, string>> AccountTags { get; } = new(StringComparer.Ordinal);

    /// <summary>The tags <paramref name="account"/> sees: the owner's to the owner, that account's own to anyone else.</summary>
    public Dictionary<string, string> TagsFor(string account)
    {
        if (account == OwnerId) return Tags;
        if (!AccountTags.TryGetValue(account, out var tags)) AccountTags[account] = tags = new Dictionary<string, string>(StringComparer.Ordinal);
        return tags;
    }

    public bool IsDeprecated(DateTimeOffset now) => DeprecationTime is { } t && t <= now;

    /// <summary>Settles time-driven transitions (pending -> available) before anyone reads the state.</summary>
    public void Settle(DateTimeOffset now)
    {
        if (State == ImageStates.Pending && AvailableAt is { } at && at <= now)
        {
            State = FailWhenDue ? ImageStates.Failed : ImageStates.Available;
            if (FailWhenDue)
            {
                StateReasonCode = FailureCode ?? "Server.InternalError";
                StateReasonMessage = FailureMessage ?? "Server.InternalError: Internal error on launch";
            }
            AvailableAt = null;
        }
        if (DeregistrationProtectionUntil is { } until && until <= now)
        {
            DeregistrationProtectionUntil = null;
            DeregistrationProtection = "disabled";
        }
    }

    public bool IsVisibleTo(string account) =>
        OwnerId == account || (State != ImageStates.Disabled && (Public || IsSharedWith(account)));

    /// <summary>Explicit launch permission for the account: its id, or its organization or OU (see <see cref="Organization"/>).</summary>
    public bool IsSharedWith(string account)
    {
        if (LaunchPermissionUserIds.Contains(account)) return true;
        foreach (var arn in LaunchPermissionOrgArns)
            if (Organization.OrgContains(arn, account)) return true;
        foreach (var arn in LaunchPermissionOuArns)
            if (Organization.OuContains(arn, account)) return true;
        return false;
    }
}

internal sealed class BlockDevice
{
    public required string DeviceName { get; init; }
    public string? SnapshotId { get; set; }
    public int VolumeSize { get; set; } = 8;
    public string VolumeType { get; set; } = "gp3";
    public bool DeleteOnTermination { get; set; } = true;
    public bool Encrypted { get; set; }
    public string? KmsKeyId { get; set; }
    public int? Iops { get; set; }
    public int? Throughput { get; set; }
}

internal static class ImageStates
{
    public const string Pending = "pending";
    public const string Available = "available";
    public const string Failed = "failed";
    public const string Disabled = "disabled";
    public const string Deregistered = "deregistered";
}
